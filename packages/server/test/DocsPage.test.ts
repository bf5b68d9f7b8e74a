import type { Browser } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { chromiumAvailable, launchChromium } from "./support/Browser.js"
import { type Running, serve, tempDataDir } from "./support/Process.js"

// The interactive reference at /docs, opened in a real browser on the real `dsar serve`: it must
// work where the server works, offline, so it may fetch nothing from another host (fonts, scripts,
// telemetry), nor offer buttons that need the internet.

describe.runIf(chromiumAvailable)("the interactive reference at /docs works offline", () => {
  let browser: Browser
  let server: Running

  beforeAll(async () => {
    ;[browser, server] = await Promise.all([launchChromium(), serve(tempDataDir())])
  }, 60_000)

  afterAll(async () => {
    await server?.stop()
    await browser?.close()
  })

  it(
    "renders every operation from the server alone: no request to another host, no Share or Generate SDKs button",
    async () => {
      const page = await browser.newPage()
      const origin = new URL(server.url).origin
      const elsewhere: Array<string> = []
      // Every request the page makes, scripts, styles, fonts and beacons alike, is seen here; any to
      // another host is recorded and refused, so the page renders as it would with no network.
      await page.route("**/*", (route) => {
        const url = route.request().url()
        if (url.startsWith("data:") || url.startsWith("blob:") || new URL(url).origin === origin) {
          return route.continue()
        }
        elsewhere.push(url)
        return route.abort()
      })
      const answer = await page.goto(`${server.url}/docs`, { waitUntil: "networkidle" })
      expect(answer?.status()).toBe(200)
      await page.getByText("Open a session").first().waitFor({ timeout: 30_000 })
      // Opening a group and an operation loads what they show (examples, client snippets) lazily.
      await page.getByText("Requests", { exact: true }).first().click()
      await page.getByText("Create a request").first().click()
      await page.waitForLoadState("networkidle")
      const text = await page.locator("body").innerText()
      expect(text).toContain("DSAR toolkit API")
      expect(text).toContain("List requests")
      expect(elsewhere).toEqual([])
      for (const online of ["Share", "Generate SDKs", "Deploy", "Developer Tools"]) {
        expect(await page.getByRole("button", { name: online }).count(), online).toBe(0)
      }
      await page.close()
    },
    90_000
  )
})
