import { describe, expect, it } from "vitest"
import { mailbox } from "../support/Mailbox.js"
import { serve, tempDataDir } from "../support/Process.js"
import { authorized, demoSession } from "../support/Session.js"
import { type Answered, load, lostEmails, lostWrites } from "./support/Load.js"
import { demoStores } from "./support/Stores.js"
import { record } from "./support/Tally.js"

// SIGKILL the server at random moments of a create/patch load, restart it, ten times over; then
// every write that was answered is there, no request is half-written, and every email the answered
// writes caused arrives over SMTP (the outbox lost none, even those being sent at the kill).

const KILLS = 10

describe.each(demoStores)("a server killed with SIGKILL mid-load ($name)", (store) => {
  it(`loses no answered write and no email, and leaves no request half-written, over ${KILLS} kills`, async () => {
    const smtp = await mailbox()
    const database = store.database()
    // A short lease, so that an email claimed by a killed process is sent again within the test.
    const env = { ...database.env, SMTP_URL: smtp.url, OUTBOX_SEND_TIMEOUT: "1 second", OUTBOX_LEASE: "2 seconds" }
    const dataDir = tempDataDir()
    const answered: Array<Answered> = []
    let running = await serve(dataDir, env)
    const session = demoSession(running.output().stdout)
    try {
      for (let kill = 0; kill < KILLS; kill++) {
        const loading = load(running, await session.token(running.url), answered)
        await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 1000))
        await running.stop("SIGKILL")
        await loading
        running = await serve(dataDir, env)
      }
      const api = authorized(running.url, await session.token(running.url))
      const writes = await lostWrites(api, answered)
      const emails = await lostEmails(smtp, answered, 30_000)
      const inputs = answered.reduce((sum, entry) => sum + entry.reached + 1, 0)
      record(`crash (${store.name})`, {
        loads: KILLS,
        faults: KILLS,
        inputs: inputs + emails.expected,
        losses: writes.length + emails.missing.length
      })
      expect(answered.length).toBeGreaterThan(KILLS)
      expect(writes).toEqual([])
      expect(emails.missing).toEqual([])
    } finally {
      await running.stop()
      await smtp.close()
      database.drop()
    }
  })
})
