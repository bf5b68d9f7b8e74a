import type { ReceivedMail } from "@dsar/adapters/test-support"
import { createRequestWithApprovalExample } from "@dsar/domain"
import Database from "better-sqlite3"
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import type { Browser } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { chromiumAvailable, launchChromium } from "./support/Browser.js"
import { linkIn, type Mailbox, mailbox } from "./support/Mailbox.js"
import { dsar, type Running, serve, tempDataDir } from "./support/Process.js"
import { redirectTarget } from "./support/RedirectTarget.js"
import { authorized, sessionToken } from "./support/Session.js"

// The approval workflow as a requester and an operator live it, on the real `dsar serve` process:
// emails go over SMTP to a loopback server, the requester's browser is headless Chromium, and the
// organisation's site (the redirect URL) is a loopback server too. Nothing leaves the machine.

const FROM = "Acme privacy <privacy@acme.example>"

/** Where the test keeps what it shows a person (not committed). */
const screenshots = fileURLToPath(new URL("../.reports/screenshots/", import.meta.url))

/** A request awaiting its requester's confirmation, from `address`. */
const unverifiedRequest = (address: string) => ({
  ...createRequestWithApprovalExample,
  request_fields: [{ field_id: "email", value: address }]
})

const mailsTo = (address: string) => (mails: ReadonlyArray<ReceivedMail>) =>
  mails.filter((mail) => mail.recipients.includes(address))

describe.runIf(chromiumAvailable)("the approval workflow end to end: SMTP, a browser, the real server", () => {
  let smtp: Mailbox
  let site: Awaited<ReturnType<typeof redirectTarget>>
  let browser: Browser
  let server: Running
  let dataDir: string
  let api: ReturnType<typeof authorized>

  beforeAll(async () => {
    ;[smtp, site, browser] = await Promise.all([mailbox(), redirectTarget(), launchChromium()])
    dataDir = tempDataDir()
    const created = await dsar(["orgs", "create", "--name", "Acme", "--data-dir", dataDir, "--redirect-url", site.url])
    const credentials = JSON.parse(created.stdout) as { key: string; secret: string }
    server = await serve(dataDir, { SMTP_URL: smtp.url, MAIL_FROM: FROM })
    api = authorized(server.url, await sessionToken(server.url, credentials.key, credentials.secret))
    mkdirSync(screenshots, { recursive: true })
  }, 60_000)

  afterAll(async () => {
    await server?.stop()
    await Promise.all([browser?.close(), smtp?.close(), site?.close()])
  })

  it("create unverified -> approval email over SMTP -> Confirm in the browser -> redirect -> verified -> status notices, the last with the download link", async () => {
    const requester = "alice@example.org"
    const created = await api("POST", "/dsar/requests", unverifiedRequest(requester))
    expect(created.status).toBe(201)
    const id: string = created.body.id

    const [approval] = mailsTo(requester)(
      await smtp.waitFor("the approval email", (mails) => mailsTo(requester)(mails).length === 1)
    )
    expect(approval!.subject).toBe("Confirm your privacy request to Acme")
    // Sent under the organisation's name, from the server's one address.
    expect(approval!.from).toBe(`"Acme" <privacy@acme.example>`)
    expect(approval!.html).toContain(`href="${created.body.validation.approve_url}"`)
    const url = linkIn(approval!)
    expect(url).toBe(created.body.validation.approve_url)

    const page = await browser.newPage()
    await page.goto(url)
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Confirm your request")
    // Opening the page is not confirming it (mail scanners open links too).
    expect((await api("GET", `/dsar/requests/${id}`)).body.status).toBe("unverified")
    await page.screenshot({ path: join(screenshots, "confirm-page.png"), fullPage: true })

    await Promise.all([page.waitForURL(site.url), page.getByRole("button", { name: "Confirm" }).click()])
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      "Thank you, your request is confirmed"
    )
    expect(site.visits()).toContain(new URL(site.url).pathname)
    await page.close()
    expect((await api("GET", `/dsar/requests/${id}`)).body.status).toBe("verified")
    // Confirming a CPRA request confirms its receipt, with its deadline (decision 0024).
    const [, receipt] = mailsTo(requester)(
      await smtp.waitFor("the receipt", (all) => mailsTo(requester)(all).length === 2)
    )
    expect(receipt!.subject).toBe("Acme received your privacy request")
    expect(receipt!.text).toContain("It will be answered by")

    expect((await api("PATCH", `/dsar/requests/${id}`, { status: "work_in_progress" })).status).toBe(200)
    const download = "https://files.acme.example/export/alice.zip?key=abc&expires=1"
    const fulfilled = await api("PATCH", `/dsar/requests/${id}`, {
      status: "fulfilled",
      extra_message_variables: { download_link: download }
    })
    expect(fulfilled.status).toBe(200)

    const mails = mailsTo(requester)(
      await smtp.waitFor("two status notices", (all) => mailsTo(requester)(all).length === 4)
    ).filter((mail) => mail.messageId !== receipt!.messageId)
    expect(mails.map((mail) => mail.subject)).toEqual([
      "Confirm your privacy request to Acme",
      "Your privacy request to Acme is in progress",
      "Acme has answered your request to access your data"
    ])
    expect(mails[1]!.text).not.toContain("download")
    expect(mails[2]!.text).toContain(`Download my data:\n${download}`)
    expect(mails[2]!.html).toContain(`href="${download.replaceAll("&", "&#38;")}"`)
    expect(new Set(mails.map((mail) => mail.messageId)).size).toBe(3)
  })

  it("an expired link opened in the browser sends a fresh link, once, and the fresh link confirms", async () => {
    const requester = "bob@example.org"
    const created = await api("POST", "/dsar/requests", unverifiedRequest(requester))
    const id: string = created.body.id
    const [approval] = mailsTo(requester)(
      await smtp.waitFor("the approval email", (mails) => mailsTo(requester)(mails).length === 1)
    )

    // Fifteen minutes pass for the link: its expiry moves into the past, as time would move it.
    const database = new Database(join(dataDir, "dsar.sqlite"))
    try {
      const moved = database
        .prepare("UPDATE links SET expires_at = ? WHERE request_id = ?")
        .run(new Date(Date.now() - 1000).toISOString(), id)
      expect(moved.changes).toBe(1)
    } finally {
      database.close()
    }

    const page = await browser.newPage()
    const expired = await page.goto(linkIn(approval!))
    expect(expired!.status()).toBe(410)
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("This link has expired")
    await expect(page.textContent("body")).resolves.toContain("A new link will be sent to you by email")
    await page.screenshot({ path: join(screenshots, "expired-page.png"), fullPage: true })

    const [, renewal] = mailsTo(requester)(
      await smtp.waitFor("the fresh link", (mails) => mailsTo(requester)(mails).length === 2)
    )
    expect(renewal!.subject).toBe("Your new link to confirm your privacy request to Acme")
    const fresh = linkIn(renewal!)
    expect(fresh).not.toBe(linkIn(approval!))

    // Opening the expired link again says a link was already sent, and sends none.
    await page.goto(linkIn(approval!))
    await expect(page.textContent("body")).resolves.toContain("A new link has already been sent to you by email")

    await page.goto(fresh)
    await Promise.all([page.waitForURL(site.url), page.getByRole("button", { name: "Confirm" }).click()])
    await page.close()
    expect((await api("GET", `/dsar/requests/${id}`)).body.status).toBe("verified")
    expect(mailsTo(requester)(smtp.received())).toHaveLength(2)
  })
})
