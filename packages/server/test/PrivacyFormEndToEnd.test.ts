import axe from "axe-core"
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { chromiumAvailable, launchChromium } from "./support/Browser.js"
import { linkIn, type Mailbox, mailbox } from "./support/Mailbox.js"
import { dsar, type Running, serve, tempDataDir } from "./support/Process.js"
import { redirectTarget } from "./support/RedirectTarget.js"
import { authorized, sessionToken } from "./support/Session.js"

// The requester's form as a requester lives it, on the real `dsar serve` process: headless
// Chromium on a phone's width fills the form at the organisation's slug, the approval email
// arrives over SMTP at a loopback server, its link is opened and confirmed, and the request the
// form made ends `verified`. Nothing leaves the machine.

/** Where the test keeps what it shows a person (not committed). */
const screenshots = fileURLToPath(new URL("../.reports/screenshots/privacy-form/", import.meta.url))

const phone = { width: 375, height: 800 }

const runAxe =
  `axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } })
  .then((results) => ({ checked: results.passes.length, violations: results.violations.map((v) => v.id) }))`

/**
 * axe-core's WCAG A and AA violations on the page as shown, and whether it scrolls sideways. The
 * page's CSP blocks injected scripts, so axe is evaluated through the DevTools protocol.
 */
const accessibilityOf = async (page: Page) => {
  await page.evaluate(axe.source)
  const { checked, violations } = await page.evaluate<{ checked: number; violations: ReadonlyArray<string> }>(runAxe)
  const sideways = await page.evaluate<boolean>(`document.scrollingElement.scrollWidth > innerWidth`)
  return { checked: checked > 0, violations, sideways }
}

describe.runIf(chromiumAvailable)("the requester's form end to end: a browser, SMTP, the real server", () => {
  let smtp: Mailbox
  let site: Awaited<ReturnType<typeof redirectTarget>>
  let browser: Browser
  let server: Running
  let api: ReturnType<typeof authorized>

  beforeAll(async () => {
    ;[smtp, site, browser] = await Promise.all([mailbox(), redirectTarget(), launchChromium()])
    const dataDir = tempDataDir()
    const created = await dsar(["orgs", "create", "--name", "Acme", "--data-dir", dataDir, "--redirect-url", site.url])
    const credentials = JSON.parse(created.stdout) as { organization_id: string; key: string; secret: string }
    const slug = await dsar([
      "orgs",
      "settings",
      "--org",
      credentials.organization_id,
      "--data-dir",
      dataDir,
      "--slug",
      "acme"
    ])
    expect(slug.code, slug.stderr).toBe(0)
    // The browser sends the form twice; a third from its address is over this limit.
    server = await serve(dataDir, {
      SMTP_URL: smtp.url,
      MAIL_FROM: "Acme privacy <privacy@acme.example>",
      FORM_LIMIT_PER_ADDRESS: "2"
    })
    api = authorized(server.url, await sessionToken(server.url, credentials.key, credentials.secret))
    mkdirSync(screenshots, { recursive: true })
  }, 60_000)

  afterAll(async () => {
    await server?.stop()
    await Promise.all([browser?.close(), smtp?.close(), site?.close()])
  })

  it("fill the form at /privacy/acme -> approval email over SMTP -> confirm in the browser -> verified", async () => {
    const requester = "carol@example.org"
    const page = await browser.newPage({ viewport: phone })
    await page.goto(`${server.url}/privacy/acme`)
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Make a privacy request")
    expect(await accessibilityOf(page)).toEqual({ checked: true, violations: [], sideways: false })
    await page.screenshot({ path: join(screenshots, "form-375.png"), fullPage: true })

    // The browser checks the address as the server would; a refusal is the server's to show here.
    await page.evaluate(`document.querySelector("form").noValidate = true`)
    await page.getByLabel("Your request").selectOption("gdpr_erasure")
    await page.getByLabel("Email address").fill("not-an-address")
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Send my request" }).click()])
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Please check your request")
    const email = page.getByLabel("Email address")
    await expect(email.getAttribute("aria-invalid")).resolves.toBe("true")
    await expect(email.inputValue()).resolves.toBe("not-an-address")
    await expect(page.getByLabel("Your request").inputValue()).resolves.toBe("gdpr_erasure")
    expect(await accessibilityOf(page)).toEqual({ checked: true, violations: [], sideways: false })
    await page.screenshot({ path: join(screenshots, "form-refused-375.png"), fullPage: true })
    expect((await api("GET", "/dsar/requests")).body).toEqual([])

    await email.fill(requester)
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Send my request" }).click()])
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Check your email")
    await page.screenshot({ path: join(screenshots, "form-sent-375.png"), fullPage: true })

    const [request] = (await api("GET", "/dsar/requests")).body as ReadonlyArray<{ id: string; status: string }>
    expect(request).toMatchObject({ status: "unverified", user_right_id: "gdpr_erasure" })
    const [approval] = await smtp.waitFor(
      "the approval email",
      (mails) => mails.filter((mail) => mail.recipients.includes(requester)).length === 1
    )
    expect(approval!.subject).toBe("Confirm your privacy request to Acme")

    await page.goto(linkIn(approval!))
    await Promise.all([page.waitForURL(site.url), page.getByRole("button", { name: "Confirm" }).click()])
    await page.close()
    expect((await api("GET", `/dsar/requests/${request!.id}`)).body.status).toBe("verified")
    const history = (await api("GET", `/dsar/requests/${request!.id}/history`)).body as ReadonlyArray<{
      action: string
      actor: { type: string; id: string }
    }>
    expect(history.map((entry) => [entry.action, entry.actor.type])).toEqual([
      ["request.create", "system"],
      ["link.confirm", "link"]
    ])
    expect(history[0]!.actor.id).toBe("privacy-form")

    const form = await (await fetch(`${server.url}/privacy/acme`)).text()
    const token = /name="token" value="([^"]+)"/.exec(form)![1]!
    const third = await fetch(`${server.url}/privacy/acme`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
      body: new URLSearchParams({ token, right: "gdpr_access", email: "dave@example.org", website: "" })
    })
    expect(third.status).toBe(429)
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0)
  }, 60_000)
})
