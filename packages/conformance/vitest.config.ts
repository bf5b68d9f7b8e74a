import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // `pnpm test` runs every package at once on two cores: time limits are for hangs, not speed.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A passing test's logs are noise; a failing one's are kept.
    silent: "passed-only",
    reporters: ["default", "json"],
    outputFile: { json: ".reports/vitest.json" }
  }
})
