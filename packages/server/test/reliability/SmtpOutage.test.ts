import { createRequestWithApprovalExample } from "@dsar/domain"
import { expect, it } from "vitest"
import { mailbox } from "../support/Mailbox.js"
import { dsar, serve, tempDataDir } from "../support/Process.js"
import { authorized, sessionToken } from "../support/Session.js"

// Emails are written to the outbox with the change that causes them and sent afterwards, so an SMTP
// outage never stops the API, and a killed server loses no email: the next process sends it.

// A message claimed by the killed process is retried when its lease (2 minutes) ends.
const LEASE_MS = 120_000

it("with SMTP down, requests are still created; when SMTP returns, every queued email arrives, even across a SIGKILL", async () => {
  const smtp = await mailbox()
  await smtp.stop()
  const dataDir = tempDataDir()
  const credentials = JSON.parse((await dsar(["orgs", "create", "--name", "Acme", "--data-dir", dataDir])).stdout) as { key: string; secret: string }
  const env = { SMTP_URL: smtp.url }
  const requesters = Array.from({ length: 12 }, (_, i) => `requester-${i}@example.org`)

  const createFor = async (url: string, addresses: ReadonlyArray<string>) => {
    const api = authorized(url, await sessionToken(url, credentials.key, credentials.secret))
    for (const address of addresses) {
      const created = await api("POST", "/dsar/requests", {
        ...createRequestWithApprovalExample,
        request_fields: [{ field_id: "email", value: address }]
      })
      expect(created.status).toBe(201)
    }
  }

  let server = await serve(dataDir, env)
  try {
    await createFor(server.url, requesters.slice(0, 8))
    // The worker has tried and failed by now; the process dies with every email still queued.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await server.stop("SIGKILL")

    server = await serve(dataDir, env)
    await createFor(server.url, requesters.slice(8))
    expect(smtp.received()).toEqual([])

    await smtp.start()
    const received = await smtp.waitFor(
      "an approval email to every requester",
      (mails) => requesters.every((address) => mails.some((mail) => mail.recipients.includes(address))),
      LEASE_MS + 30_000
    )
    // At least once: a copy sent twice keeps its Message-ID, so the receiver can drop it.
    const idsOf = (address: string) => new Set(received.filter((mail) => mail.recipients.includes(address)).map((mail) => mail.messageId))
    expect(requesters.map((address) => idsOf(address).size)).toEqual(requesters.map(() => 1))
    expect(new Set(requesters.flatMap((address) => [...idsOf(address)])).size).toBe(requesters.length)
    expect(received.every((mail) => mail.subject === "Confirm your privacy request")).toBe(true)
  } finally {
    await server.stop()
    await smtp.close()
  }
}, LEASE_MS + 60_000)
