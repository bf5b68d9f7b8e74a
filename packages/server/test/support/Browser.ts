import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type Browser, chromium } from "playwright-core"

/** Debian's Chromium, which `.ci/run` installs when it is absent. */
export const chromiumPath = "/usr/bin/chromium"

/** Whether the browser tests can run; under CI they must (they fail rather than skip). */
export const chromiumAvailable = existsSync(chromiumPath) || process.env["CI"] !== undefined

if (!chromiumAvailable) {
  console.warn(`Skipping the browser tests: no Chromium at ${chromiumPath} (apt-get install chromium).`)
}

// Each open browser writes its own log (Chromium's `--log-file`), read when a test fails, removed once it closes.
const logs = new Set<string>()

/**
 * What the browsers launched here reported going wrong inside them (a crashed and restarted
 * network service, for one, loses the cookies a test's context held), for a failed test to say.
 */
export const browserTrouble = (): ReadonlyArray<string> =>
  [...logs].flatMap((file) => {
    try {
      return readFileSync(file, "utf8").split("\n").filter((line) =>
        /crash|restart|killed|FATAL|network_service/i.test(line)
      )
    } catch {
      return []
    }
  }).slice(-20)

/**
 * Headless Chromium on a fresh profile (Playwright makes one per launch), with nothing running in
 * the background: this machine's network is closed, and the tests must only talk to loopback.
 * `extraArgs` are a test's own switches, added to these.
 */
export const launchChromiumWith = async (extraArgs: ReadonlyArray<string>): Promise<Browser> => {
  const directory = mkdtempSync(join(tmpdir(), "dsar-chromium-"))
  const log = join(directory, "chromium.log")
  logs.add(log)
  const launched = await chromium.launch({
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
      "--enable-logging",
      `--log-file=${log}`,
      ...extraArgs
    ]
  })
  launched.on("disconnected", () => {
    logs.delete(log)
    rmSync(directory, { recursive: true, force: true })
  })
  return launched
}

export const launchChromium = (): Promise<Browser> => launchChromiumWith([])
