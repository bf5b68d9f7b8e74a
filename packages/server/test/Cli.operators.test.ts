import { afterAll, beforeAll, expect, it } from "vitest"
import { type Mailbox, mailbox } from "./support/Mailbox.js"
import { dsar, tempDataDir } from "./support/Process.js"

// `dsar operators add` prints the new operator's sign-in URL and emails it to them, at once (not
// through the outbox, decision 0022), and says which it did.

let smtp: Mailbox
beforeAll(async () => {
  smtp = await mailbox()
})
afterAll(() => smtp?.close())

const newOrganization = async (dataDir: string) =>
  JSON.parse((await dsar(["orgs", "create", "--name", "Acme Team", "--data-dir", dataDir])).stdout) as {
    organization_id: string
  }

it("dsar operators add emails the sign-in URL it prints, naming the organisation, when SMTP_URL is set", async () => {
  const dataDir = tempDataDir()
  const { organization_id } = await newOrganization(dataDir)
  const added = await dsar(
    [
      "operators",
      "add",
      "--org",
      organization_id,
      "--email",
      "Lead@Acme.example",
      "--role",
      "admin",
      "--data-dir",
      dataDir
    ],
    { SMTP_URL: smtp.url, MAIL_FROM: "Console <console@acme.example>" }
  )
  expect(added.code, added.stderr).toBe(0)
  const url = added.stdout.trim()
  expect(url).toMatch(/^http:\/\/\S+\/console\/sign-in\/[A-Za-z0-9_-]+$/)
  expect(added.stderr).toContain("Emailed it to lead@acme.example.")

  const [mail] = await smtp.waitFor("the sign-in email", (mails) => mails.length === 1)
  expect(mail!.recipients).toEqual(["lead@acme.example"])
  expect(mail!.subject).toBe("Sign in to Acme Team's privacy requests console")
  expect(mail!.text).toContain(url)
}, 60_000)

it("dsar operators add says the URL was not emailed when mail is not configured, and still prints it", async () => {
  const dataDir = tempDataDir()
  const { organization_id } = await newOrganization(dataDir)
  const added = await dsar([
    "operators",
    "add",
    "--org",
    organization_id,
    "--email",
    "agent@acme.example",
    "--role",
    "agent",
    "--data-dir",
    dataDir
  ])
  expect(added.code, added.stderr).toBe(0)
  expect(added.stdout.trim()).toMatch(/\/console\/sign-in\/[A-Za-z0-9_-]+$/)
  expect(added.stderr).toContain("Not emailed: mail is not configured (SMTP_URL is unset)")
}, 60_000)
