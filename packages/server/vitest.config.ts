import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Some tests start the real `dsar` process, or run a server under generated load.
    testTimeout: 60_000,
    // One fast-check configuration for the repository (run counts, FC_NUM_RUNS, FC_SEED).
    setupFiles: ["../domain/test/support/setup.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".reports/vitest.json" }
  }
})
