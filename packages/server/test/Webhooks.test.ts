import { NodeIdGenerator, NodeWebhookSender } from "@dsar/adapters"
import { createRequestExample, WebhookPayload } from "@dsar/domain"
import { sweepOverdue, WebhookTargets, WebhookWorker } from "@dsar/http"
import { expect, layer } from "@effect/vitest"
import { Clock, Duration, Effect, Layer, Schema } from "effect"
import { expectError, get, patch, post, send, tenant } from "./support/Http.js"
import { TestApp } from "./support/TestApp.js"
import { type Received, webhookReceiver } from "./support/WebhookReceiver.js"

// Signed webhooks over real HTTP: endpoints managed through the API, events written with the
// changes that cause them, delivered by the worker to a receiver on loopback that verifies every
// signature with the standardwebhooks library, retried through an outage, dead-lettered after the
// last attempt and redelivered on demand, signed by both secrets while a rotation overlaps.

interface Endpoint {
  readonly id: string
  readonly url: string
  readonly event_types: ReadonlyArray<string>
  readonly secret?: string
  readonly previous_secret_expires_at: string | null
}

interface Delivery {
  readonly id: string
  readonly event_type: string
  readonly state: string
  readonly attempts: number
  readonly last_status: number | null
  readonly last_error: string | null
  readonly payload: { readonly type: string; readonly data: Record<string, unknown> }
}

const decodePayload = Schema.decodeUnknownSync(Schema.parseJson(WebhookPayload))

const Sender = NodeWebhookSender.layer.pipe(Layer.provide(Layer.succeed(WebhookTargets, { allowPrivate: true })))

/** Passes of the worker (with short retry delays) until `done`, or fails after many. */
const deliverUntil = (done: () => boolean, options: { readonly maxAttempts?: number } = {}) =>
  Effect.gen(function*() {
    for (let pass = 0; pass < 400 && !done(); pass++) {
      yield* WebhookWorker.pass({ backoff: { initial: Duration.millis(20), max: Duration.millis(40) }, ...options })
      if (!done()) yield* Effect.sleep(Duration.millis(25))
    }
    expect(done()).toBe(true)
  }).pipe(Effect.provide(Sender))

const subscribe = (t: { readonly org: string; readonly token: string }, url: string, event_types: Array<string>) =>
  Effect.gen(function*() {
    const answer = yield* post(`/dsar/webhooks?organization_id=${t.org}`, { url, event_types }, t.token)
    expect(answer.status, answer.text).toBe(201)
    return answer.json as Endpoint
  })

const deliveriesOf = (token: string, endpoint: string) =>
  Effect.map(get(`/dsar/webhooks/${endpoint}/deliveries`, token), (answer) => {
    expect(answer.status, answer.text).toBe(200)
    return answer.json as ReadonlyArray<Delivery>
  })

const everyOneVerified = (received: ReadonlyArray<Received>) => received.every((r) => r.verifiedBy.length > 0)

layer(TestApp({ cheapHashing: true, webhookTargets: { allowPrivate: true } }), { excludeTestServices: true })(
  "webhooks",
  (it) => {
    it.effect("an endpoint is created with its secret once; listed and read without it; deleted, it is gone", () =>
      Effect.gen(function*() {
        const acme = yield* tenant()
        const other = yield* tenant("Other")
        const created = yield* subscribe(acme, "https://hooks.example.org/dsar", ["request.created"])
        expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
        expect(created).toMatchObject({ url: "https://hooks.example.org/dsar", event_types: ["request.created"] })
        const listed = (yield* get("/dsar/webhooks", acme.token)).json as ReadonlyArray<Endpoint>
        expect(listed.map((e) => e.id)).toEqual([created.id])
        expect(listed[0]).not.toHaveProperty("secret")
        expect((yield* get(`/dsar/webhooks/${created.id}`, acme.token)).json).not.toHaveProperty("secret")
        expectError(yield* get(`/dsar/webhooks/${created.id}`, other.token), 404)
        expect((yield* get("/dsar/webhooks", other.token)).json).toEqual([])
        expectError(yield* send({ method: "DELETE", url: `/dsar/webhooks/${created.id}`, token: other.token }), 404)
        expect((yield* send({ method: "DELETE", url: `/dsar/webhooks/${created.id}`, token: acme.token })).status).toBe(
          204
        )
        expectError(yield* get(`/dsar/webhooks/${created.id}`, acme.token), 404)
      }))

    it.effect("a bad endpoint is a 400 naming what is wrong, and nothing is stored", () =>
      Effect.gen(function*() {
        const acme = yield* tenant()
        const cases: ReadonlyArray<[unknown, string]> = [
          [{ url: "ftp://example.org/x", event_types: ["request.created"] }, "url"],
          [{ url: "https://example.org/x", event_types: [] }, "event_types"],
          [{ url: "https://example.org/x", event_types: ["request.created", "request.created"] }, "event_types"],
          [{ url: "https://example.org/x", event_types: ["request.exploded"] }, "event_types.0"],
          [{ url: "https://example.org/x", event_types: ["request.created"], secret: "mine" }, "secret"]
        ]
        for (const [body, path] of cases) {
          const error = expectError(yield* post("/dsar/webhooks", body, acme.token), 400)
          expect(error.errors.map((issue) => issue.path)).toContain(path)
        }
        expect((yield* get("/dsar/webhooks", acme.token)).json).toEqual([])
      }))

    it.effect("every event of a request's life reaches the receiver signed, subscribed types only, with ids and no personal data", () =>
      Effect.scoped(Effect.gen(function*() {
        const receiver = yield* webhookReceiver
        const acme = yield* tenant()
        const all = yield* subscribe(acme, receiver.url, [
          "request.created",
          "request.status_changed",
          "request.verified",
          "link.confirmed",
          "request.erased"
        ])
        const createdOnly = yield* subscribe(acme, receiver.url, ["request.created"])
        receiver.secrets.push(all.secret!)
        const request = yield* acme.createRequest({ status: "unverified" })
        const approve = (request.validation as { approve_url: string }).approve_url
        const confirmed = yield* send({
          method: "POST",
          url: new URL(approve).pathname,
          headers: { "content-type": "application/x-www-form-urlencoded" }
        })
        expect(confirmed.status).toBe(303)
        expect((yield* patch(`/dsar/requests/${request.id}`, { metadata: { note: "x" } }, acme.token)).status).toBe(200)
        expect((yield* patch(`/dsar/requests/${request.id}`, { status: "work_in_progress" }, acme.token)).status)
          .toBe(200)
        expect((yield* send({ method: "DELETE", url: `/dsar/requests/${request.id}`, token: acme.token })).status)
          .toBe(200)

        const expected = [
          "request.created",
          "link.confirmed",
          "request.status_changed",
          "request.verified",
          "request.status_changed",
          "request.erased"
        ]
        yield* deliverUntil(() => receiver.received.length === expected.length + 1)
        const toAll = receiver.received.filter((r) => r.verifiedBy.includes(all.secret!))
        const payloads = toAll.map((r) => decodePayload(r.body))
        expect(payloads.map((p) => p.type)).toEqual(expected)
        expect(new Set(toAll.map((r) => r.id)).size).toBe(expected.length)
        for (const p of payloads) {
          expect(p.data).toMatchObject({ organization_id: acme.org, request_id: request.id })
        }
        expect(payloads[1]!.data.link_id).toEqual(expect.any(String))
        expect(payloads[2]!.data).toMatchObject({ from_status: "unverified", status: "verified" })
        // Nothing the requester gave travels: not their email, not their id with the organisation, not metadata.
        for (const r of receiver.received) {
          expect(r.body).not.toContain(createRequestExample.organization_user_id)
          expect(r.body.toLowerCase()).not.toContain("@")
          expect(r.body).not.toContain("note")
        }
        // The other endpoint got its one subscribed event, signed with its own secret.
        const other = receiver.received.filter((r) => !r.verifiedBy.includes(all.secret!))
        expect(other.map((r) => decodePayload(r.body).type)).toEqual(["request.created"])
        receiver.secrets.push(createdOnly.secret!)
        const log = yield* deliveriesOf(acme.token, all.id)
        expect(log.map((d) => [d.event_type, d.state, d.attempts, d.last_status])).toEqual(
          [...expected].reverse().map((type) => [type, "delivered", 1, 200])
        )
      })))

    it.effect("through an outage of the receiver every event arrives, each retry with the same webhook-id, none unsigned", () =>
      Effect.scoped(Effect.gen(function*() {
        const receiver = yield* webhookReceiver
        const acme = yield* tenant()
        const endpoint = yield* subscribe(acme, receiver.url, ["request.created"])
        receiver.secrets.push(endpoint.secret!)
        receiver.status = 503
        yield* acme.createRequest()
        yield* acme.createRequest()
        yield* deliverUntil(() => receiver.received.length >= 6)
        const failing = yield* deliveriesOf(acme.token, endpoint.id)
        expect(failing.every((d) => d.state === "pending" && d.attempts >= 1 && d.last_status === 503)).toBe(true)
        receiver.status = 200
        yield* deliverUntil(() => receiver.received.filter((r) => r.answered === 200).length === 2)
        const ids = new Set(receiver.received.map((r) => r.id))
        expect([...ids].sort()).toEqual(failing.map((d) => d.id).sort())
        expect(everyOneVerified(receiver.received)).toBe(true)
        // Every copy of one webhook is the same body: the receiver can drop duplicates by webhook-id.
        for (const id of ids) {
          expect(new Set(receiver.received.filter((r) => r.id === id).map((r) => r.body)).size).toBe(1)
        }
        expect((yield* deliveriesOf(acme.token, endpoint.id)).map((d) => d.state)).toEqual(["delivered", "delivered"])
      })))

    it.effect("after the last attempt a delivery is a dead letter; redelivered on demand it arrives with the same webhook-id", () =>
      Effect.scoped(Effect.gen(function*() {
        const receiver = yield* webhookReceiver
        const acme = yield* tenant()
        const endpoint = yield* subscribe(acme, receiver.url, ["request.created"])
        receiver.secrets.push(endpoint.secret!)
        receiver.status = 500
        yield* acme.createRequest()
        yield* deliverUntil(() => receiver.received.length >= 3, { maxAttempts: 3 })
        yield* WebhookWorker.pass({ maxAttempts: 3 }).pipe(Effect.provide(Sender))
        expect(receiver.received).toHaveLength(3)
        const [letter] = yield* deliveriesOf(acme.token, endpoint.id)
        expect(letter).toMatchObject({ state: "failed", attempts: 3, last_status: 500 })
        expect(letter!.last_error).toMatch(/500/)

        const pending = yield* acme.createRequest()
        expect(pending.id).toEqual(expect.any(String))
        const [fresh] = yield* deliveriesOf(acme.token, endpoint.id)
        expectError(
          yield* post(`/dsar/webhooks/${endpoint.id}/deliveries/${fresh!.id}/redeliver`, {}, acme.token),
          409
        )
        expectError(yield* post(`/dsar/webhooks/${endpoint.id}/deliveries/msg_none/redeliver`, {}, acme.token), 404)

        receiver.status = 200
        const again = yield* post(`/dsar/webhooks/${endpoint.id}/deliveries/${letter!.id}/redeliver`, {}, acme.token)
        expect(again.status, again.text).toBe(200)
        expect(again.json).toMatchObject({ id: letter!.id, state: "pending", attempts: 0 })
        yield* deliverUntil(() => receiver.received.filter((r) => r.answered === 200).length === 2)
        expect(receiver.received.filter((r) => r.id === letter!.id).map((r) => r.answered)).toEqual([
          500,
          500,
          500,
          200
        ])
        expect(everyOneVerified(receiver.received)).toBe(true)
      })))

    it.effect("while a rotation overlaps both secrets sign; with no overlap only the new one does", () =>
      Effect.scoped(Effect.gen(function*() {
        const receiver = yield* webhookReceiver
        const acme = yield* tenant()
        const endpoint = yield* subscribe(acme, receiver.url, ["request.created"])
        const first = endpoint.secret!
        const rotated = yield* post(
          `/dsar/webhooks/${endpoint.id}/rotate-secret`,
          { overlap_seconds: 3600 },
          acme.token
        )
        expect(rotated.status, rotated.text).toBe(200)
        const second = (rotated.json as Endpoint).secret!
        expect(second).not.toBe(first)
        expect((rotated.json as Endpoint).previous_secret_expires_at).toEqual(expect.any(String))
        receiver.secrets.push(first, second)
        yield* acme.createRequest()
        yield* deliverUntil(() => receiver.received.length === 1)
        expect(receiver.received[0]!.verifiedBy).toEqual([first, second])
        expect(receiver.received[0]!.signature.split(" ")).toHaveLength(2)

        const third = (
          (yield* post(`/dsar/webhooks/${endpoint.id}/rotate-secret`, { overlap_seconds: 0 }, acme.token))
            .json as Endpoint
        ).secret!
        receiver.secrets.push(third)
        yield* acme.createRequest()
        yield* deliverUntil(() => receiver.received.length === 2)
        expect(receiver.received[1]!.verifiedBy).toEqual([third])
        expectError(
          yield* post(`/dsar/webhooks/${endpoint.id}/rotate-secret`, { overlap_seconds: 10 ** 7 }, acme.token),
          400
        )
      })))

    it.effect("an open request past its deadline emits request.overdue once, whoever sweeps how often", () =>
      Effect.gen(function*() {
        const acme = yield* tenant()
        const endpoint = yield* subscribe(acme, "https://hooks.example.org/overdue", ["request.overdue"])
        const open = yield* acme.createRequest({ status: "verified" })
        const closed = yield* acme.createRequest({ status: "fulfilled" })
        const live = yield* Effect.clock
        // Past every right's deadline: the sweep runs 60 days from now.
        const ahead = 60 * 86_400_000
        const later: Clock.Clock = {
          [Clock.ClockTypeId]: Clock.ClockTypeId,
          unsafeCurrentTimeMillis: () => live.unsafeCurrentTimeMillis() + ahead,
          unsafeCurrentTimeNanos: () => live.unsafeCurrentTimeNanos() + BigInt(ahead) * 1_000_000n,
          currentTimeMillis: Effect.map(live.currentTimeMillis, (ms) => ms + ahead),
          currentTimeNanos: Effect.map(live.currentTimeNanos, (ns) => ns + BigInt(ahead) * 1_000_000n),
          sleep: live.sleep
        }
        const sweep = sweepOverdue.pipe(Effect.provide(NodeIdGenerator.layer), Effect.withClock(later))
        expect(yield* sweepOverdue.pipe(Effect.provide(NodeIdGenerator.layer))).toBe(0)
        yield* Effect.all([sweep, sweep, sweep], { concurrency: "unbounded" })
        yield* sweep
        const log = yield* deliveriesOf(acme.token, endpoint.id)
        const ofOpen = log.filter((d) => d.payload.data.request_id === open.id)
        expect(ofOpen.map((d) => [d.event_type, d.payload.data.status])).toEqual([["request.overdue", "verified"]])
        expect(log.some((d) => d.payload.data.request_id === closed.id)).toBe(false)
      }))
  }
)

layer(TestApp({ cheapHashing: true }), { excludeTestServices: true })("webhook targets", (it) => {
  it.effect("a target on a private or loopback address is refused unless the server allows it", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      for (const url of ["http://127.0.0.1:9/hooks", "http://localhost/x", "http://[::1]/", "http://10.1.2.3/"]) {
        const error = expectError(
          yield* post("/dsar/webhooks", { url, event_types: ["request.created"] }, acme.token),
          400
        )
        expect(error.errors).toEqual([{ path: "url", message: expect.stringMatching(/private or loopback/) }])
      }
      expect((yield* get("/dsar/webhooks", acme.token)).json).toEqual([])
    }))
})
