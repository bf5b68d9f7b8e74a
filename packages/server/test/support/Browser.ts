import { existsSync } from "node:fs"
import { type Browser, chromium } from "playwright-core"

/** Debian's Chromium, which `.ci/run` installs when it is absent. */
export const chromiumPath = "/usr/bin/chromium"

/** Whether the browser tests can run; under CI they must (they fail rather than skip). */
export const chromiumAvailable = existsSync(chromiumPath) || process.env["CI"] !== undefined

if (!chromiumAvailable) {
  console.warn(`Skipping the browser tests: no Chromium at ${chromiumPath} (apt-get install chromium).`)
}

/**
 * Headless Chromium on a fresh profile (Playwright makes one per launch), with nothing running in
 * the background: this machine's network is closed, and the tests must only talk to loopback.
 * `extraArgs` are a test's own switches, added to these.
 */
export const launchChromiumWith = (extraArgs: ReadonlyArray<string>): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    chromiumSandbox: false,
    args: [
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs
    ]
  })

export const launchChromium = (): Promise<Browser> => launchChromiumWith([])
