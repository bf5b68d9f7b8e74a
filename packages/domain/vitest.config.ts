import { packageTests } from "../../vitest.shared.ts"

// One fast-check configuration for the repository (run counts, FC_NUM_RUNS, FC_SEED).
export default packageTests({ setupFiles: ["./test/support/setup.ts"] })
