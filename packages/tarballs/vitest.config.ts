import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Packing and an npm install into a fresh project, on a busy machine: time limits are for hangs.
    testTimeout: 300_000,
    hookTimeout: 600_000,
    silent: "passed-only",
    reporters: ["default", "json"],
    outputFile: { json: ".reports/vitest.json" }
  }
})
