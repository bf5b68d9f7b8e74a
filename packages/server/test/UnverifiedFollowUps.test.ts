import { createRequestWithApprovalExample } from "@dsar/domain"
import { afterAll, beforeAll, expect, it } from "vitest"
import { type Mailbox, mailbox } from "./support/Mailbox.js"
import { dsar, type Running, serve, tempDataDir } from "./support/Process.js"
import { authorized, sessionToken } from "./support/Session.js"

// What `dsar serve` does to a request nobody confirms, with its delays shortened through the
// environment as an operator would set them: the reminder over SMTP, with a fresh link and the
// closing day, then the request closed as refused and the requester told why.

let smtp: Mailbox
let server: Running
let api: ReturnType<typeof authorized>

beforeAll(async () => {
  smtp = await mailbox()
  const dataDir = tempDataDir()
  const created = await dsar(["orgs", "create", "--name", "Acme", "--data-dir", dataDir])
  const credentials = JSON.parse(created.stdout) as { key: string; secret: string }
  server = await serve(dataDir, {
    SMTP_URL: smtp.url,
    UNVERIFIED_REMINDER_AFTER: "2 seconds",
    UNVERIFIED_CLOSE_AFTER: "8 seconds",
    UNVERIFIED_SWEEP_INTERVAL: "500 millis"
  })
  api = authorized(server.url, await sessionToken(server.url, credentials.key, credentials.secret))
}, 60_000)

afterAll(async () => {
  await server?.stop()
  await smtp?.close()
})

it(
  "an unconfirmed request is reminded once by email, then closed as refused (identity not verified), the requester told",
  async () => {
    const requester = "nobody-confirms@example.org"
    const created = await api("POST", "/dsar/requests", {
      ...createRequestWithApprovalExample,
      request_fields: [{ field_id: "email", value: requester }]
    })
    expect(created.status).toBe(201)
    const id: string = created.body.id
    const mine = () => smtp.received().filter((mail) => mail.recipients.includes(requester))

    await smtp.waitFor("the approval and the reminder", () => mine().length >= 2, 60_000)
    const [approval, reminder] = mine()
    expect(approval!.subject).toMatch(/^Confirm your privacy request/)
    expect(reminder!.subject).toMatch(/^Reminder: confirm your privacy request/)
    expect(reminder!.text).toMatch(/\/links\/[A-Za-z0-9_-]+/)
    expect(reminder!.text).toContain("the request will be closed")

    await smtp.waitFor("the refusal", () => mine().length >= 3, 60_000)
    const refusal = mine()[2]!
    expect(refusal.subject).toMatch(/was refused$/)
    expect(refusal.text).toContain("We could not verify your identity.")
    const closed = await api("GET", `/dsar/requests/${id}`)
    expect([closed.body.status, closed.body.refusal]).toEqual(["refused", { reason: "identity_not_verified" }])
    const history = await api("GET", `/dsar/requests/${id}/history`)
    expect(history.body.at(-1)).toMatchObject({ actor: { type: "system", id: "unverified" }, to_status: "refused" })
    // Swept many times over: still one reminder, one refusal.
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(mine().map((mail) => (mail.subject ?? "").split(" ")[0])).toEqual(["Confirm", "Reminder:", "Your"])
  },
  120_000
)

it("a server refuses to start when the reminder would not come before the closing", async () => {
  const started = await dsar(["serve", "--port", "0", "--data-dir", tempDataDir()], {
    UNVERIFIED_REMINDER_AFTER: "30 days",
    UNVERIFIED_CLOSE_AFTER: "7 days"
  })
  expect(started.code).not.toBe(0)
  expect(started.stderr).toContain("UNVERIFIED_REMINDER_AFTER must be shorter than UNVERIFIED_CLOSE_AFTER")
}, 60_000)
