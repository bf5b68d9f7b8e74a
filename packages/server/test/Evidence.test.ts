import { createRequestWithApprovalExample } from "@dsar/domain"
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import type { Browser } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { chromiumAvailable, launchChromium } from "./support/Browser.js"
import { linkIn, type Mailbox, mailbox } from "./support/Mailbox.js"
import { dsar, type Running, serve, tempDataDir } from "./support/Process.js"
import { authorized, sessionToken } from "./support/Session.js"

// One request's evidence record, from the real `dsar serve` with its emails delivered over SMTP
// to a loopback server, read as JSON, as the printable page in headless Chromium, and through the
// `dsar` command.

const FROM = "Acme privacy <privacy@acme.example>"
const requester = "alice@example.org"
/** A value a person typed, that a page must show as text and never run. */
const hostile = `<script>document.title="run"</script><img src=x onerror="document.title='run'">`

/** Where the test keeps what it shows a person (not committed). */
const reports = fileURLToPath(new URL("../.reports/screenshots/", import.meta.url))

describe.runIf(chromiumAvailable)("a request's evidence record: JSON, a printable page, the dsar command", () => {
  let smtp: Mailbox
  let browser: Browser
  let server: Running
  let token: string
  let credentials: { organization_id: string; key: string; secret: string }
  let api: ReturnType<typeof authorized>
  let id: string

  beforeAll(async () => {
    ;[smtp, browser] = await Promise.all([mailbox(), launchChromium()])
    const dataDir = tempDataDir()
    credentials = JSON.parse((await dsar(["orgs", "create", "--name", "Acme", "--data-dir", dataDir])).stdout)
    server = await serve(dataDir, { SMTP_URL: smtp.url, MAIL_FROM: FROM })
    token = await sessionToken(server.url, credentials.key, credentials.secret)
    api = authorized(server.url, token)
    mkdirSync(reports, { recursive: true })

    // Received, confirmed by the requester's link, taken in hand with metadata of the operator's.
    const created = await api("POST", "/dsar/requests", {
      ...createRequestWithApprovalExample,
      request_fields: [{ field_id: "email", value: requester }]
    })
    id = created.body.id
    const [approval] = await smtp.waitFor("the approval email", (mails) => mails.length === 1)
    const confirmed = await fetch(linkIn(approval!), { method: "POST", redirect: "manual" })
    expect(confirmed.status).toBe(303)
    // A CPRA request's receipt is confirmed once the requester confirmed it (decision 0024).
    await smtp.waitFor("the approval email and the receipt", (mails) => mails.length === 2)
    const patched = await api("PATCH", `/dsar/requests/${id}`, {
      status: "work_in_progress",
      metadata: { ticket: hostile }
    })
    expect(patched.status).toBe(200)
    await smtp.waitFor("the approval email, the receipt and a status notice", (mails) => mails.length === 3)
    // Delivered is recorded after the SMTP server took the message: wait for the record.
    for (let tries = 0; tries < 100; tries++) {
      const emails = await api("GET", `/dsar/requests/${id}/emails`)
      if (emails.body.every((email: { state: string }) => email.state === "delivered")) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }, 60_000)

  afterAll(async () => {
    await server?.stop()
    await Promise.all([browser?.close(), smtp?.close()])
  })

  it("the JSON holds the request, every change with who and when, the link confirmation, every email with its Message-ID, the deadline, and the chain intact", async () => {
    const { body, status } = await api("GET", `/dsar/requests/${id}/evidence`)
    expect(status).toBe(200)
    expect(body.request).toEqual((await api("GET", `/dsar/requests/${id}`)).body)
    expect(body.history.map((entry: any) => [entry.position, entry.action, entry.actor.type, entry.to_status]))
      .toEqual([
        [1, "request.create", "api_key", "unverified"],
        [2, "link.confirm", "link", "verified"],
        [3, "request.update", "api_key", "work_in_progress"]
      ])
    expect(body.history[2].changes).toContainEqual({ field: "metadata", from: {}, to: { ticket: hostile } })
    expect(body.history[1].previous_hash).toBe(body.history[0].hash)
    expect(body.link_confirmations).toEqual([{
      at: body.history[1].at,
      link_id: body.history[1].actor.id,
      from_status: "unverified",
      to_status: "verified",
      history_entry_id: body.history[1].id
    }])
    const received = smtp.received()
    expect(body.emails.map((email: any) => [email.kind, email.state, `<${email.id}@acme.example>`])).toEqual(
      received.map((mail, i) => [["approval", "receipt", "status_notice"][i], "delivered", mail.messageId])
    )
    expect(body.deadline).toEqual({
      received_at: body.request.created_at,
      first_expires_at: body.request.expires_at,
      extensions: [],
      expires_at: body.request.expires_at,
      overdue: false
    })
    // CPRA: receipt confirmed within 10 business days; the receipt email was queued on confirmation.
    const receipt = body.emails.find((email: any) => email.kind === "receipt")
    expect(body.receipt).toEqual({ asked: true, due_by: expect.any(String), confirmed_at: receipt.created_at })
    expect(new Date(body.receipt.due_by).getTime()).toBeGreaterThan(new Date(body.request.created_at).getTime())
    expect(body.refusal).toBeNull()
    expect(body.chain).toMatchObject({ organization_id: credentials.organization_id, intact: true, first_break: null })
    expect(body.chain.head).toEqual({ position: 3, hash: body.history[2].hash })
  })

  it("Accept: text/html or ?format=html answer the page, ?format=json the record, another format a 400 naming it", async () => {
    const get = (query: string, accept?: string) =>
      fetch(`${server.url}/dsar/requests/${id}/evidence${query}`, {
        headers: { authorization: `Bearer ${token}`, ...(accept === undefined ? {} : { accept }) }
      })
    for (const response of [await get("", "text/html,application/xhtml+xml"), await get("?format=html")]) {
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8")
      expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; style-src 'unsafe-inline'")
      const page = await response.text()
      expect(page).not.toContain("<script>")
      expect(page).toContain("&#60;script&#62;")
    }
    const asJson = await get("?format=json", "text/html")
    expect(asJson.headers.get("content-type")).toContain("application/json")
    const refused = await get("?format=pdf")
    expect(refused.status).toBe(400)
    expect(JSON.stringify(await refused.json())).toContain("format")
    expect((await api("GET", "/dsar/requests/req_unknown/evidence")).status).toBe(404)
  })

  it("the page reads in Chromium, runs nothing it shows, and prints to PDF", async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${token}` } })
    const page = await context.newPage()
    await page.goto(`${server.url}/dsar/requests/${id}/evidence?format=html`)
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      `Evidence record of request ${id}`
    )
    await expect(page.title()).resolves.toBe(`Evidence record of request ${id}`)
    const text = await page.textContent("body")
    expect(text).toContain("History chain intact: 3 entries of the organisation verified")
    expect(text).toContain(JSON.stringify({ ticket: hostile }))
    expect(await page.locator("h2").allTextContents()).toEqual([
      "Request",
      "Extensions of the deadline",
      "Changes",
      "Link confirmations",
      "Emails to the requester"
    ])
    expect(await page.locator("table").nth(0).locator("tbody tr").count()).toBe(3)
    await page.screenshot({ path: join(reports, "evidence-page.png"), fullPage: true })
    await page.emulateMedia({ media: "print" })
    const pdf = await page.pdf({ format: "A4" })
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-")
    writeFileSync(join(reports, "evidence-page.pdf"), pdf)
    await context.close()
  })

  it("dsar requests evidence prints the same record, and with --html the same page", async () => {
    const connection = ["--url", server.url, "--key", credentials.key, "--secret", credentials.secret]
    const printed = await dsar(["requests", "evidence", id, ...connection])
    expect(printed.code).toBe(0)
    const { generated_at: _printedAt, ...record } = JSON.parse(printed.stdout)
    const { generated_at: _servedAt, ...served } = (await api("GET", `/dsar/requests/${id}/evidence`)).body
    expect(record).toEqual(served)
    const page = await dsar(["requests", "evidence", id, "--html", ...connection])
    expect(page.code).toBe(0)
    expect(page.stdout).toMatch(/^<!doctype html>/)
    expect(page.stdout).toContain(`<h1>Evidence record of request ${id}</h1>`)
    expect(page.stdout).not.toContain("<script>")
  })

  it("after a lawful erasure the record keeps who and when, loses the values, and the chain still verifies", async () => {
    expect((await api("DELETE", `/dsar/requests/${id}`)).status).toBe(200)
    const { body } = await api("GET", `/dsar/requests/${id}/evidence`)
    expect(body.history.map((entry: any) => entry.action)).toEqual([
      "request.create",
      "link.confirm",
      "request.update",
      "request.erase"
    ])
    expect(JSON.stringify(body)).not.toContain(requester)
    expect(JSON.stringify(body)).not.toContain("onerror")
    expect(body.chain).toMatchObject({ intact: true, verified_entries: 4 })
  })
})
