import { describe, expect, it } from "vitest"
import { serve, tempDataDir } from "../support/Process.js"
import { authorized, demoSession } from "../support/Session.js"
import { type Received, type Receiver, startReceiver } from "../support/WebhookReceiver.js"
import { type Answered, load } from "./support/Load.js"
import { demoStores } from "./support/Stores.js"
import { record } from "./support/Tally.js"

// Webhooks are written with the change that causes them and delivered afterwards, so neither a
// server killed mid-load nor a receiver that goes away loses one. The receiver verifies every
// delivery with the standardwebhooks library: none may fail verification, and a copy (sent again
// after a crash cut off its acknowledgement) carries the same webhook-id and body.

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The lifecycle `load` walks each request along, and the status events each step causes. */
const walk = ["unverified", "verified", "work_in_progress", "fulfilled", "archived"] as const
const eventsOf = (step: number): ReadonlyArray<string> =>
  step === 0 ? ["request.created"] : step === 1
    ? ["request.status_changed:verified", "request.verified"]
    : [`request.status_changed:${walk[step]}`]

const keyOf = (received: Received) => {
  const event = JSON.parse(received.body) as { type: string; data: { request_id: string; status: string } }
  const what = event.type === "request.status_changed" ? `${event.type}:${event.data.status}` : event.type
  return `${event.data.request_id} ${what}`
}

describe.each(demoStores)("webhooks ($name)", (store) => {
  it("across server crashes and a receiver outage every event arrives, each correctly signed, copies with the same webhook-id", async () => {
    const dataDir = tempDataDir()
    const database = store.database()
    const env = {
      ...database.env,
      WEBHOOKS_ALLOW_PRIVATE_TARGETS: "true",
      OUTBOX_SEND_TIMEOUT: "1 second",
      OUTBOX_LEASE: "2 seconds"
    }
    const everything: Array<Received> = []
    let receiver: Receiver = await startReceiver()
    const port = Number(new URL(receiver.url).port)
    const answered: Array<Answered> = []
    let done = false
    let server = await serve(dataDir, env)
    const session = demoSession(server.output().stdout)
    let secret = ""
    const collect = (current: Receiver) => {
      current.secrets.push(secret)
      return current
    }
    try {
      const api = authorized(server.url, await session.token(server.url))
      const created = await api("POST", "/dsar/webhooks", {
        url: receiver.url,
        event_types: ["request.created", "request.status_changed", "request.verified"]
      })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      secret = created.body.secret
      collect(receiver)

      let loading = load(server, await session.token(server.url), answered, () => done)
      await pause(800)
      // The receiver goes away while the load goes on, and the server is killed twice meanwhile.
      for (const r of receiver.received) everything.push(r)
      await receiver.close()
      for (let crash = 0; crash < 2; crash++) {
        await pause(600 + Math.floor(Math.random() * 600))
        await server.stop("SIGKILL")
        await loading
        server = await serve(dataDir, env)
        loading = load(server, await session.token(server.url), answered, () => done)
      }
      await pause(800)
      receiver = collect(await startReceiver(port))
      await pause(600)
      // Killed once more with the receiver back: acknowledgements cut off are sent again.
      await server.stop("SIGKILL")
      await loading
      server = await serve(dataDir, env)
      loading = load(server, await session.token(server.url), answered, () => done)
      await pause(800)
      done = true
      await loading

      const expected = answered.flatMap((entry) =>
        Array.from({ length: entry.reached + 1 }, (_, step) => eventsOf(step).map((what) => `${entry.id} ${what}`))
          .flat()
      )
      const arrived = () => new Set([...everything, ...receiver.received].map(keyOf))
      const deadline = Date.now() + 120_000
      while (expected.some((key) => !arrived().has(key)) && Date.now() < deadline) await pause(500)
      const all = [...everything, ...receiver.received]
      const missing = expected.filter((key) => !arrived().has(key))
      const badlySigned = all.filter((r) => r.verifiedBy.length === 0)
      // One webhook-id per event, whatever the copies: an event is written once, with its change.
      const idsPerEvent = new Map<string, Set<string>>()
      for (const r of all) idsPerEvent.set(keyOf(r), (idsPerEvent.get(keyOf(r)) ?? new Set()).add(r.id))
      const emittedTwice = [...idsPerEvent].filter(([, ids]) => ids.size > 1).map(([key]) => key)
      const bodiesPerId = new Map<string, Set<string>>()
      for (const r of all) bodiesPerId.set(r.id, (bodiesPerId.get(r.id) ?? new Set()).add(r.body))
      const copiesThatDiffer = [...bodiesPerId].filter(([, bodies]) => bodies.size > 1).map(([id]) => id)
      record(`webhooks (${store.name})`, {
        loads: 1,
        faults: 4,
        inputs: expected.length,
        losses: missing.length + badlySigned.length + emittedTwice.length + copiesThatDiffer.length
      })
      expect(expected.length).toBeGreaterThan(0)
      expect(missing).toEqual([])
      expect(badlySigned).toEqual([])
      expect(emittedTwice).toEqual([])
      expect(copiesThatDiffer).toEqual([])
    } finally {
      done = true
      await server.stop()
      await receiver.close()
      database.drop()
    }
  })
})
