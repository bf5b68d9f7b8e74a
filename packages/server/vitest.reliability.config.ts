import { packageTests } from "../../vitest.shared.ts"

// The reliability suite: real `dsar serve` processes on loopback under load, with faults injected
// (SIGKILL, SMTP outages, races, hostile input). Each test is bounded in time; the closing summary
// adds up what every test held, injected, tried and lost.
export default packageTests(
  {
    include: ["test/reliability/**/*.test.ts"],
    // The tests mostly wait on server processes: several files side by side, even on two cores.
    maxWorkers: 3,
    testTimeout: 240_000,
    hookTimeout: 120_000,
    // What each load and fault did is the point of the suite: printed whether it passes or not.
    silent: false,
    setupFiles: ["../domain/test/support/setup.ts", "test/support/Cleanup.ts"],
    globalSetup: ["test/reliability/support/Summary.ts"]
  },
  "reliability.json"
)
