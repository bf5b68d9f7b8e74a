import { defineConfig, type ViteUserConfig } from "vitest/config"

/**
 * What every package's tests share. `pnpm test` runs three packages at a time on two cores (more
 * starve vitest's own messages to its workers past their timeout), so time limits are for hangs, not speed; a passing test's logs are noise, a failing one's are kept; and
 * each package leaves a JSON report that `.ci/summarize.mjs` adds up.
 */
export const packageTests = (test: ViteUserConfig["test"] = {}, report = "vitest.json") =>
  defineConfig({
    test: {
      include: ["test/**/*.test.ts"],
      testTimeout: 60_000,
      hookTimeout: 60_000,
      silent: "passed-only",
      reporters: ["default", "json"],
      outputFile: { json: `.reports/${report}` },
      ...test
    }
  })
