import { CreateRequest, createRequestExample, type RequestId } from "@dsar/domain"
import { ErasureService, PrivacyRequests, RequestServicesLive, Settings } from "@dsar/http"
import { expect, it } from "@effect/vitest"
import { Duration, Effect, Layer, Schema, TestClock } from "effect"
import { LocalPrivacyRequests, NodeIdGenerator, ScryptSecretHasher } from "../src/index.js"
import { InMemoryStores } from "../src/memory.js"

// The retention period counts from a closed request's last change, in calendar months: a request
// fulfilled 24 months and a day ago is erased by the retention pass; one fulfilled 23 months ago,
// and one still open, are not.

const settings = Layer.succeed(Settings, { publicBaseUrl: "http://localhost:3000", sessionTtl: Duration.hours(1) })
const support = Layer.mergeAll(InMemoryStores.layer, NodeIdGenerator.layer, ScryptSecretHasher.layer, settings)
const local = LocalPrivacyRequests.withNewOrganization({
  organization: { name: "Acme", default_redirect_url: "https://acme.example/thanks" }
})
const layer = Layer.mergeAll(local, RequestServicesLive).pipe(Layer.provideMerge(support))

const input = Schema.decodeUnknownSync(CreateRequest)(createRequestExample)

const daysFrom = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 86_400_000)

it.effect("a closed request is erased once its last change is older than the retention period, not before", () =>
  Effect.gen(function*() {
    const requests = yield* PrivacyRequests
    const erasure = yield* ErasureService
    const period = { amount: 24, unit: "months" } as const
    const old = yield* requests.create(input)
    yield* requests.patch(old.id, { status: "fulfilled" })
    yield* TestClock.adjust(Duration.days(40))
    const recent = yield* requests.create(input)
    yield* requests.patch(recent.id, { status: "refused", refusal: { reason: "exempt" } })
    const open = yield* requests.create(input)
    // 24 calendar months after the first change, and a day.
    const start = new Date(0)
    const due = new Date(0)
    due.setUTCMonth(due.getUTCMonth() + 24)
    yield* TestClock.adjust(Duration.days(daysFrom(start, due) - 40 + 1))

    const ids = (listed: ReadonlyArray<{ readonly id: RequestId }>) => listed.map((request) => request.id)
    expect(ids(yield* erasure.expired(period))).toEqual([old.id])
    expect(ids(yield* erasure.eraseExpired(period))).toEqual([old.id])
    const erased = yield* requests.get(old.id)
    expect(erased.erasure?.by).toEqual({ type: "system", id: "retention" })
    expect(erased.request_fields).toEqual([])
    expect((yield* requests.get(recent.id)).erasure).toBeUndefined()
    expect((yield* requests.get(open.id)).erasure).toBeUndefined()
    expect(yield* erasure.expired(period)).toEqual([])
  }).pipe(Effect.provide(layer)))
