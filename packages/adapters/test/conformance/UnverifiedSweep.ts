import { CreateRequest, createRequestWithApprovalExample, defaultUnverifiedPolicy, type RequestId } from "@dsar/domain"
import {
  HistoryStore,
  Outbox,
  PrivacyRequests,
  type QueuedMessage,
  RequestServicesLive,
  Settings,
  type StorePorts,
  sweepUnverified
} from "@dsar/http"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Layer, Schema, TestClock } from "effect"
import { LocalPrivacyRequests, NodeIdGenerator, ScryptSecretHasher } from "../../src/index.js"

// The follow-ups of requests nobody confirms, on a store: a reminder once with a fresh link, the
// closing as refused after the closing delay, each with its email in the outbox, once however many
// sweeps run, and nothing half-done when a sweep fails midway.

const policy = defaultUnverifiedPolicy
const settings = Layer.succeed(Settings, { publicBaseUrl: "http://localhost:3000", sessionTtl: Duration.hours(1) })
const unverified = Schema.decodeUnknownSync(CreateRequest)(createRequestWithApprovalExample)

const sweep = sweepUnverified(policy)

/** The request's queued emails, oldest first, with their variables (nothing is delivered here). */
const queued = (id: RequestId) =>
  Effect.flatMap(Outbox, (outbox) =>
    Effect.map(
      Effect.flatMap(Effect.clockWith((clock) => clock.currentTimeMillis), (now) => outbox.due(new Date(now), 1_000)),
      (messages): ReadonlyArray<QueuedMessage> => messages.filter((message) => message.request_id === id)
    ))
const kinds = (id: RequestId) => Effect.map(queued(id), (messages) => messages.map((message) => message.kind))

export const unverifiedSweepConformance = <E>(name: string, stores: Layer.Layer<StorePorts, E>) => {
  const support = Layer.mergeAll(stores, NodeIdGenerator.layer, ScryptSecretHasher.layer, settings)
  const local = LocalPrivacyRequests.withNewOrganization({
    organization: { name: "Acme", default_redirect_url: "https://acme.example/thanks" }
  })
  const layer = Layer.mergeAll(local, RequestServicesLive).pipe(Layer.provideMerge(support))
  const test = (title: string, body: () => Effect.Effect<void, unknown, Layer.Layer.Success<typeof layer>>) =>
    it.effect(title, () => Effect.provide(body(), layer), 60_000)

  describe(`${name}: unverified requests`, () => {
    test("a requester who does not confirm is reminded once with a fresh link, then the request is closed as refused, emailed and on record", () =>
      Effect.gen(function*() {
        const requests = yield* PrivacyRequests
        const request = yield* requests.create(unverified)
        expect(yield* sweep).toEqual({ closed: 0, reminded: 0 })
        yield* TestClock.adjust(Duration.sum(policy.remind_after, Duration.seconds(1)))
        expect(yield* sweep).toEqual({ closed: 0, reminded: 1 })
        expect(yield* sweep).toEqual({ closed: 0, reminded: 0 })
        const [approval, reminder] = yield* queued(request.id)
        expect([approval?.kind, reminder?.kind]).toEqual(["approval", "reminder"])
        expect(reminder?.variables.url).toMatch(/^http:\/\/localhost:3000\/links\//)
        expect(reminder?.variables.url).not.toBe(approval?.variables.url)
        expect(reminder?.variables.closes_at).toBe(
          new Date(request.created_at.getTime() + Duration.toMillis(policy.close_after)).toISOString()
        )

        yield* TestClock.adjust(policy.close_after)
        expect(yield* sweep).toEqual({ closed: 1, reminded: 0 })
        expect(yield* sweep).toEqual({ closed: 0, reminded: 0 })
        const closed = yield* requests.get(request.id)
        expect(closed.status).toBe("refused")
        expect(closed.refusal).toEqual({ reason: "identity_not_verified" })
        expect(yield* kinds(request.id)).toEqual(["approval", "reminder", "status_notice"])
        const notice = (yield* queued(request.id))[2]
        expect(notice?.variables.refusal).toEqual({ reason: "identity_not_verified" })
        const history = yield* (yield* HistoryStore).listByRequest(request.organization_id, request.id)
        expect(history.at(-1)).toMatchObject({
          actor: { type: "system", id: "unverified" },
          from_status: "unverified",
          to_status: "refused"
        })
      }))

    test("a request confirmed in time is neither reminded nor closed, and its receipt is confirmed", () =>
      Effect.gen(function*() {
        const requests = yield* PrivacyRequests
        const request = yield* requests.create(unverified)
        yield* requests.patch(request.id, { status: "verified" })
        yield* TestClock.adjust(Duration.sum(policy.close_after, Duration.days(1)))
        expect(yield* sweep).toEqual({ closed: 0, reminded: 0 })
        expect((yield* requests.get(request.id)).status).toBe("verified")
        expect(yield* kinds(request.id)).toEqual(["approval", "receipt"])
      }))

    test("a request due for both a reminder and its closing (the sweep was down) is closed without a reminder", () =>
      Effect.gen(function*() {
        const requests = yield* PrivacyRequests
        const request = yield* requests.create(unverified)
        yield* TestClock.adjust(policy.close_after)
        expect(yield* sweep).toEqual({ closed: 1, reminded: 0 })
        expect(yield* kinds(request.id)).toEqual(["approval", "status_notice"])
      }))

    test("sweeps running at once remind each requester once and close each request once", () =>
      Effect.gen(function*() {
        const requests = yield* PrivacyRequests
        const first = yield* requests.create(unverified)
        const second = yield* requests.create(unverified)
        yield* TestClock.adjust(Duration.sum(policy.remind_after, Duration.seconds(1)))
        const reminded = yield* Effect.all([sweep, sweep, sweep], { concurrency: "unbounded" })
        expect(reminded.reduce((sum, result) => sum + result.reminded, 0)).toBe(2)
        yield* TestClock.adjust(policy.close_after)
        const closed = yield* Effect.all([sweep, sweep, sweep], { concurrency: "unbounded" })
        expect(closed.reduce((sum, result) => sum + result.closed, 0)).toBe(2)
        for (const request of [first, second]) {
          expect(yield* kinds(request.id)).toEqual(["approval", "reminder", "status_notice"])
        }
      }))

    test("a sweep that fails while queuing a reminder leaves no trace: the next one reminds", () =>
      Effect.gen(function*() {
        const requests = yield* PrivacyRequests
        const request = yield* requests.create(unverified)
        yield* TestClock.adjust(Duration.sum(policy.remind_after, Duration.seconds(1)))
        const outbox = yield* Outbox
        const failing = Outbox.of({
          ...outbox,
          enqueue: (message) => (message.kind === "reminder" ? Effect.dieMessage("crash") : outbox.enqueue(message))
        })
        const crashed = yield* Effect.exit(Effect.provideService(sweep, Outbox, failing))
        expect(crashed._tag).toBe("Failure")
        expect(yield* kinds(request.id)).toEqual(["approval"])
        expect(yield* sweep).toEqual({ closed: 0, reminded: 1 })
        expect(yield* kinds(request.id)).toEqual(["approval", "reminder"])
      }))
  })
}
