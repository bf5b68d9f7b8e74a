import { expect, it } from "vitest"
import { mailbox } from "../support/Mailbox.js"
import { serve, tempDataDir } from "../support/Process.js"
import { authorized, demoSession } from "../support/Session.js"
import { type Answered, load, lostEmails, lostWrites } from "./support/Load.js"
import { record } from "./support/Tally.js"

// Emails are written to the outbox with the change that causes them and sent afterwards, so an SMTP
// outage in the middle of a load stops nothing: requests are still created and changed, and when
// SMTP returns every email arrives, even those queued by a process killed during the outage.

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

it("with SMTP down for part of a load, and the server killed meanwhile, every email arrives once SMTP returns", async () => {
  const smtp = await mailbox()
  const dataDir = tempDataDir()
  const env = { SMTP_URL: smtp.url, OUTBOX_SEND_TIMEOUT: "1 second", OUTBOX_LEASE: "2 seconds" }
  const answered: Array<Answered> = []
  let done = false
  let server = await serve(dataDir, env)
  const session = demoSession(server.output().stdout)
  try {
    let loading = load(server, await session.token(server.url), answered, () => done)
    await pause(700)
    await smtp.stop()
    const before = answered.length
    await pause(1500)
    await server.stop("SIGKILL")
    await loading
    server = await serve(dataDir, env)
    loading = load(server, await session.token(server.url), answered, () => done)
    await pause(1500)
    const duringOutage = answered.length - before
    const receivedDuringOutage = smtp.received().length
    await smtp.start()
    await pause(700)
    done = true
    await loading

    const writes = await lostWrites(authorized(server.url, await session.token(server.url)), answered)
    const emails = await lostEmails(smtp, answered, 60_000)
    record("SMTP outage", {
      loads: 1,
      faults: 2,
      inputs: answered.length + emails.expected,
      losses: writes.length + emails.missing.length
    })
    // The API kept creating requests while no email could leave.
    expect(duringOutage).toBeGreaterThan(0)
    expect(smtp.received().length).toBeGreaterThan(receivedDuringOutage)
    expect(writes).toEqual([])
    expect(emails.missing).toEqual([])
  } finally {
    done = true
    await server.stop()
    await smtp.close()
  }
})
