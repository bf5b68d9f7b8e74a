import { packageTests } from "../../vitest.shared.ts"

export default packageTests({
  // The fault-injection suite runs on its own: `pnpm test:reliability` (vitest.reliability.config.ts).
  exclude: ["test/reliability/**"],
  // Most tests wait on a server or a spawned `dsar` process: two files side by side, even on two cores.
  maxWorkers: 2,
  // Some tests start the real `dsar` process, or run a server under generated load.
  testTimeout: 120_000,
  hookTimeout: 120_000,
  // The domain's fast-check configuration (run counts, FC_NUM_RUNS, FC_SEED).
  setupFiles: ["../domain/test/support/setup.ts", "test/support/Cleanup.ts"]
})
