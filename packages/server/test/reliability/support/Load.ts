import { createRequestWithApprovalExample } from "@dsar/domain"
import { randomBytes } from "node:crypto"
import type { Mailbox } from "../../support/Mailbox.js"
import type { Running } from "../../support/Process.js"
import { authorized } from "../../support/Session.js"

// A create/patch load on a running server, and the checks that nothing it was answered got lost:
// the writes, the requests' integrity, and the emails the writes caused.

const CLIENTS = 4

/** The lifecycle each request walks, one PATCH at a time, and how the subject of the email each step sends reads. */
const walk = ["unverified", "verified", "work_in_progress", "fulfilled", "archived"] as const
const subjects: Partial<Record<(typeof walk)[number], RegExp>> = {
  unverified: /^Confirm your privacy request to /,
  work_in_progress: /^Your privacy request to .* is in progress$/,
  fulfilled: /has answered your request to access your data$/
}

export interface Answered {
  readonly id: string
  readonly address: string
  /** The furthest step of `walk` answered 2xx. */
  reached: number
}

/** Clients creating and walking requests until `until` holds or the process dies; records what was answered 2xx. */
export const load = async (
  running: Running,
  token: string,
  answered: Array<Answered>,
  until: () => boolean = () => false
) => {
  const api = authorized(running.url, token)
  const client = async () => {
    try {
      while (!until()) {
        const address = `crash-${randomBytes(6).toString("hex")}@example.org`
        const created = await api("POST", "/dsar/requests", {
          ...createRequestWithApprovalExample,
          request_fields: [{ field_id: "email", value: address }]
        })
        if (created.status !== 201) throw new Error(`create answered ${created.status}`)
        const entry: Answered = { id: created.body.id, address, reached: 0 }
        answered.push(entry)
        for (let step = 1; step < walk.length; step++) {
          const body = walk[step] === "fulfilled"
            ? { status: walk[step], extra_message_variables: { download_link: "https://files.example/x" } }
            : { status: walk[step] }
          const patched = await api("PATCH", `/dsar/requests/${entry.id}`, body)
          if (patched.status !== 200) throw new Error(`patch answered ${patched.status}`)
          entry.reached = step
        }
      }
    } catch {
      // The server was killed mid-load: everything answered before is in `answered`.
    }
  }
  await Promise.all(Array.from({ length: CLIENTS }, client))
}

/** Every request of the organisation, page by page. */
const everyRequest = async (api: ReturnType<typeof authorized>) => {
  const all: Array<{ id: string; status: string; request_fields: Array<unknown> }> = []
  for (let skip = 0;; skip += 100) {
    const page = await api("GET", `/dsar/requests?$limit=100&$skip=${skip}&$sort[created_at]=1`)
    for (const request of page.body) all.push(request)
    if (page.body.length < 100) return all
  }
}

/** The answered writes that are not as answered, and the requests that are not whole. */
export const lostWrites = async (api: ReturnType<typeof authorized>, answered: ReadonlyArray<Answered>) => {
  const problems: Array<string> = []
  for (const entry of answered) {
    const request = await api("GET", `/dsar/requests/${entry.id}`)
    const reached = walk.indexOf(request.body.status)
    // An answered change is kept; one cut off before its answer may or may not have landed.
    if (request.status !== 200 || (reached !== entry.reached && reached !== entry.reached + 1)) {
      problems.push(`${entry.id}: answered ${walk[entry.reached]}, stored ${request.status} ${request.body.status}`)
    }
  }
  // Requests cut off before their answer are whole too: fields, and a history ending where they are.
  for (const request of await everyRequest(api)) {
    const history = await api("GET", `/dsar/requests/${request.id}/history`)
    const steps = history.body.map((change: { to_status: string }) => change.to_status)
    if (
      request.request_fields.length !== 1 || JSON.stringify(steps) !== JSON.stringify(walk.slice(0, steps.length)) ||
      steps.at(-1) !== request.status
    ) {
      problems.push(`${request.id}: half-written (${request.status}, history ${steps.join(" > ")})`)
    }
  }
  return problems
}

/** The emails the answered writes caused that have not arrived within `timeoutMs`. */
export const lostEmails = async (smtp: Mailbox, answered: ReadonlyArray<Answered>, timeoutMs: number) => {
  const expected = answered.flatMap((entry) =>
    walk.slice(0, entry.reached + 1).flatMap((status) => {
      const subject = subjects[status]
      return subject === undefined ? [] : [{ address: entry.address, subject }]
    })
  )
  const missing = () => {
    const arrived = smtp.received().flatMap((mail) => mail.recipients.map((to) => ({ to, subject: mail.subject })))
    return expected
      .filter((email) => !arrived.some((mail) => mail.to === email.address && email.subject.test(mail.subject ?? "")))
      .map((email) => `${email.address} ${email.subject.source}`)
  }
  await smtp.waitFor("every email of the answered writes", () => missing().length === 0, timeoutMs).catch(() =>
    undefined
  )
  return { expected: expected.length, missing: missing() }
}
