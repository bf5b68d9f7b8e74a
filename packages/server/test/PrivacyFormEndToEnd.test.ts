import axe from "axe-core"
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { chromiumAvailable, launchChromium, launchChromiumWith } from "./support/Browser.js"
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
  let framedOrg: string

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
    const framed = await dsar([
      "orgs",
      "create",
      "--name",
      "Framed",
      "--data-dir",
      dataDir,
      "--redirect-domain",
      "acme.example",
      "--redirect-url",
      "https://acme.example/done"
    ])
    framedOrg = (JSON.parse(framed.stdout) as { organization_id: string }).organization_id
    server = await serve(dataDir, { SMTP_URL: smtp.url, MAIL_FROM: "Acme privacy <privacy@acme.example>" })
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
  }, 60_000)

  it(
    "embedded in an iframe on a site of the organisation's redirect domains, the form works; another site cannot frame it",
    async () => {
      // The sites are made up: the browser's requests to them are answered here, never sent. A
      // public site framing a loopback address is what Chromium's Local Network Access checks stop
      // (a real server is not on loopback), so they are off for this browser alone.
      const embedder = await launchChromiumWith(["--disable-features=LocalNetworkAccessChecks"])
      try {
        const context = await embedder.newContext({ viewport: phone })
        await context.route(/^https:\/\/(shop\.acme|evil)\.example\//, (route) =>
          route.fulfill({
            contentType: "text/html",
            body:
              `<!doctype html><title>Shop</title><iframe src="${server.url}/privacy/${framedOrg}" title="Privacy request" width="360" height="760"></iframe>`
          }))
        const page = await context.newPage()
        await page.goto("https://shop.acme.example/privacy")
        const form = page.frameLocator("iframe")
        await expect(form.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Make a privacy request")
        await form.getByLabel("Your request").selectOption("cpra_opt_out")
        await form.getByLabel("Email address").fill("erin@example.org")
        // The POST from the frame carries the form's own origin, so the Origin check lets it through.
        await form.getByRole("button", { name: "Send my request" }).click()
        await form.getByRole("heading", { level: 1, name: "Check your email" }).waitFor({ timeout: 10_000 })
        await page.screenshot({ path: join(screenshots, "form-embedded-375.png"), fullPage: true })

        const elsewhere = await context.newPage()
        await elsewhere.goto("https://evil.example/")
        await expect.poll(() => elsewhere.frames()[1]?.url()).toBe("chrome-error://chromewebdata/")
        expect(await elsewhere.frames()[1]!.content()).not.toContain("Make a privacy request")
      } finally {
        await embedder.close()
      }
    },
    60_000
  )

  it("dsar serve limits each address's submissions to FORM_LIMIT_PER_ADDRESS", async () => {
    const dataDir = tempDataDir()
    const created = await dsar(["orgs", "create", "--name", "Limited", "--data-dir", dataDir])
    const { organization_id } = JSON.parse(created.stdout) as { organization_id: string }
    const limited = await serve(dataDir, { FORM_LIMIT_PER_ADDRESS: "1" })
    try {
      const send = async (email: string) => {
        const form = await (await fetch(`${limited.url}/privacy/${organization_id}`)).text()
        const token = /name="token" value="([^"]+)"/.exec(form)![1]!
        return fetch(`${limited.url}/privacy/${organization_id}`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", origin: limited.url },
          body: new URLSearchParams({ token, right: "gdpr_access", email, website: "" })
        })
      }
      expect((await send("dave@example.org")).status).toBe(200)
      const second = await send("dave@example.org")
      expect(second.status).toBe(429)
      expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(500)
    } finally {
      await limited.stop()
    }
  }, 60_000)
})
