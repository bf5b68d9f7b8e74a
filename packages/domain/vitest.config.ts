import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Properties are CPU-bound, and `pnpm test` runs every package's tests at once: on a busy
    // machine a run of generated cases can take several times its usual few seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    silent: "passed-only",
    setupFiles: ["./test/support/setup.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".reports/vitest.json" }
  }
})
