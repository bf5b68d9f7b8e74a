import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["./test/support/setup.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".reports/vitest.json" }
  }
})
