import { defineConfig } from "vitest/config"

// The reliability suite: real `dsar serve` processes on loopback under load, with faults injected
// (SIGKILL, SMTP outages, races, hostile input). Each test is bounded in time; the closing summary
// adds up what every test held, injected, tried and lost.
export default defineConfig({
  test: {
    include: ["test/reliability/**/*.test.ts"],
    // The tests mostly wait on server processes: several files side by side, even on two cores.
    maxWorkers: 3,
    testTimeout: 240_000,
    hookTimeout: 120_000,
    setupFiles: ["../domain/test/support/setup.ts"],
    globalSetup: ["test/reliability/support/Summary.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".reports/reliability.json" }
  }
})
