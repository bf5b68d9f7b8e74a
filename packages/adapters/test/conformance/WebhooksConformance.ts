import { OrganizationId, RequestId, WebhookEndpointId } from "@dsar/domain"
import {
  OrganizationsStore,
  type QueuedWebhook,
  RequestsStore,
  type StoredWebhookEndpoint,
  type StorePorts,
  WebhooksStore
} from "@dsar/http"
import { describe, expect } from "@effect/vitest"
import { Cause, Effect, Exit, Option } from "effect"
import { apiKey, day, orgA, organization, orgB, request, T0 } from "./Fixtures.js"

type Test = (title: string, body: () => Effect.Effect<void, unknown, StorePorts>) => void

const endpoint = (id: string, organization_id = orgA, overrides: Partial<StoredWebhookEndpoint> = {}) =>
  ({
    id: WebhookEndpointId.make(id),
    organization_id,
    url: `https://hooks.example.org/${id}`,
    event_types: ["request.created", "request.status_changed"],
    description: null,
    created_at: T0,
    updated_at: T0,
    previous_secret_expires_at: null,
    secret: "whsec_c2VjcmV0IG9uZQ==",
    previous_secret: null,
    ...overrides
  }) satisfies StoredWebhookEndpoint

// A body with what a JSON round trip would change (spacing, key order, escapes): it must come back byte for byte.
const payload = `{"type":"request.created", "timestamp":"2024-03-01T09:00:00.000Z","data":{"request_id":"req_1",`
  + `"organization_id":"org_a","user_right_id":"cpra_access_my_data","status":"unverified",`
  + `"expires_at":"2024-04-15T09:00:00.000Z","link_id":"lnk_\\u00e9"}}`

const queued = (id: string, endpoint_id: string, created_at = T0, organization_id = orgA): QueuedWebhook => ({
  id,
  organization_id,
  endpoint_id: WebhookEndpointId.make(endpoint_id),
  event_type: "request.created",
  request_id: RequestId.make("req_1"),
  payload,
  created_at
})

const dies = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.exit(effect), (exit) => Exit.isFailure(exit) && Cause.isDie(exit.cause))

const seed = Effect.gen(function*() {
  const organizations = yield* OrganizationsStore
  yield* organizations.insert(organization(orgA), apiKey(orgA))
  yield* organizations.insert(organization(orgB), apiKey(orgB))
  const store = yield* WebhooksStore
  yield* store.insertEndpoint(endpoint("whk_1"))
  yield* store.insertEndpoint(endpoint("whk_2"))
  yield* store.insertEndpoint(endpoint("whk_b", orgB))
  return store
})

const seconds = (at: Date, n: number) => new Date(at.getTime() + n * 1000)

/** The webhooks' store, the same on every adapter; run inside `storesConformance`. */
export const webhooksConformance = (test: Test) =>
  describe("WebhooksStore", () => {
    test("endpoints read back as written, oldest first, only to their organisation", () =>
      Effect.gen(function*() {
        const store = yield* seed
        expect(yield* store.listEndpoints(orgA)).toEqual([endpoint("whk_1"), endpoint("whk_2")])
        expect(yield* store.listEndpoints(orgB)).toEqual([endpoint("whk_b", orgB)])
        expect(yield* store.findEndpoint(orgA, WebhookEndpointId.make("whk_1"))).toEqual(Option.some(endpoint("whk_1")))
        expect(yield* store.findEndpoint(orgB, WebhookEndpointId.make("whk_1"))).toEqual(Option.none())
        expect(yield* store.listEndpoints(OrganizationId.make("org_none"))).toEqual([])
      }))

    test("a rotation replaces the secrets and keeps the rest; another organisation's endpoint is not rotated", () =>
      Effect.gen(function*() {
        const store = yield* seed
        const rotation = {
          secret: "whsec_dHdv",
          previous_secret: "whsec_c2VjcmV0IG9uZQ==",
          previous_secret_expires_at: day(1),
          at: seconds(T0, 5)
        }
        expect(yield* store.rotateSecret(orgB, WebhookEndpointId.make("whk_1"), rotation)).toBe(false)
        expect(yield* store.rotateSecret(orgA, WebhookEndpointId.make("whk_1"), rotation)).toBe(true)
        const { at, ...secrets } = rotation
        expect(yield* store.findEndpoint(orgA, WebhookEndpointId.make("whk_1"))).toEqual(
          Option.some(endpoint("whk_1", orgA, { ...secrets, updated_at: at }))
        )
      }))

    test("deleting an endpoint deletes its deliveries, only for its organisation", () =>
      Effect.gen(function*() {
        const store = yield* seed
        yield* store.enqueue(queued("msg_1", "whk_1"))
        yield* store.enqueue(queued("msg_2", "whk_2"))
        expect(yield* store.deleteEndpoint(orgB, WebhookEndpointId.make("whk_1"))).toBe(false)
        expect(yield* store.deleteEndpoint(orgA, WebhookEndpointId.make("whk_1"))).toBe(true)
        expect(yield* store.deleteEndpoint(orgA, WebhookEndpointId.make("whk_1"))).toBe(false)
        expect((yield* store.due(day(1), 10)).map((d) => d.id)).toEqual(["msg_2"])
        expect(yield* store.listEndpoints(orgA)).toEqual([endpoint("whk_2")])
      }))

    test("a delivery to an endpoint of another organisation, or to none, is refused", () =>
      Effect.gen(function*() {
        const store = yield* seed
        expect(yield* dies(store.enqueue(queued("msg_1", "whk_b")))).toBe(true)
        expect(yield* dies(store.enqueue(queued("msg_2", "whk_none")))).toBe(true)
        yield* store.enqueue(queued("msg_3", "whk_1"))
        expect(yield* dies(store.enqueue(queued("msg_3", "whk_2")))).toBe(true)
        expect((yield* store.due(day(1), 10)).map((d) => d.id)).toEqual(["msg_3"])
      }))

    test("due lists pending deliveries due by now, oldest first, with the body byte for byte and the endpoint's secrets", () =>
      Effect.gen(function*() {
        const store = yield* seed
        yield* store.enqueue(queued("msg_c", "whk_1", day(1)))
        yield* store.enqueue(queued("msg_a", "whk_2", day(0)))
        yield* store.enqueue(queued("msg_b", "whk_1", day(1)))
        yield* store.enqueue(queued("msg_later", "whk_1", day(3)))
        const due = yield* store.due(day(1), 10)
        expect(due.map((d) => d.id)).toEqual(["msg_a", "msg_c", "msg_b"])
        expect(due[0]).toEqual({
          ...queued("msg_a", "whk_2", day(0)),
          attempts: 0,
          url: "https://hooks.example.org/whk_2",
          secret: "whsec_c2VjcmV0IG9uZQ==",
          previous_secret: null,
          previous_secret_expires_at: null
        })
        expect((yield* store.due(day(1), 2)).map((d) => d.id)).toEqual(["msg_a", "msg_c"])
      }))

    test("a claim is taken once; it moves the delivery out of due until the lease ends", () =>
      Effect.gen(function*() {
        const store = yield* seed
        yield* store.enqueue(queued("msg_1", "whk_1"))
        const lease = { now: T0, until: seconds(T0, 60) }
        const claims = yield* Effect.all([store.claim("msg_1", lease), store.claim("msg_1", lease)], {
          concurrency: "unbounded"
        })
        expect(claims.filter(Boolean)).toHaveLength(1)
        expect(yield* store.due(seconds(T0, 59), 10)).toEqual([])
        expect((yield* store.due(seconds(T0, 60), 10)).map((d) => d.id)).toEqual(["msg_1"])
        expect(yield* store.claim("msg_none", lease)).toBe(false)
      }))

    test("failed attempts count and move the next one; delivered and dead letters leave due; the log shows each", () =>
      Effect.gen(function*() {
        const store = yield* seed
        yield* store.enqueue(queued("msg_1", "whk_1", day(0)))
        yield* store.enqueue(queued("msg_2", "whk_1", day(1)))
        yield* store.markFailed("msg_1", { at: day(1), error: "HTTP 503", status: 503, next_attempt_at: day(2) })
        expect((yield* store.due(day(1), 10)).map((d) => [d.id, d.attempts])).toEqual([["msg_2", 0]])
        expect((yield* store.due(day(2), 10)).map((d) => [d.id, d.attempts])).toEqual([["msg_1", 1], ["msg_2", 0]])
        yield* store.markDelivered("msg_2", { at: day(2), status: 204 })
        yield* store.markDead("msg_1", { at: day(2), error: "connection refused", status: null })
        // A delivery no longer pending is left as it is.
        yield* store.markFailed("msg_2", { at: day(3), error: "late", status: 500, next_attempt_at: day(3) })
        yield* store.markDelivered("msg_1", { at: day(3), status: 200 })
        expect(yield* store.due(day(9), 10)).toEqual([])
        const log = yield* store.listDeliveries(orgA, WebhookEndpointId.make("whk_1"), 10)
        expect(log.map((d) => [d.id, d.state, d.attempts, d.last_status, d.last_error])).toEqual([
          ["msg_2", "delivered", 1, 204, null],
          ["msg_1", "failed", 2, null, "connection refused"]
        ])
        expect(log[1]).toMatchObject({ failed_at: day(2), last_attempt_at: day(2), delivered_at: null })
        expect(log[0]?.payload.data.link_id).toBe("lnk_é")
        expect(yield* store.listDeliveries(orgA, WebhookEndpointId.make("whk_1"), 1)).toEqual([log[0]])
        expect(yield* store.listDeliveries(orgB, WebhookEndpointId.make("whk_1"), 10)).toEqual([])
        expect(yield* store.findDelivery(orgA, WebhookEndpointId.make("whk_1"), "msg_1")).toEqual(Option.some(log[1]))
        expect(yield* store.findDelivery(orgA, WebhookEndpointId.make("whk_2"), "msg_1")).toEqual(Option.none())
      }))

    test("redelivery queues a delivered or dead delivery again, due at once from 0 attempts; a pending one is left", () =>
      Effect.gen(function*() {
        const store = yield* seed
        const whk_1 = WebhookEndpointId.make("whk_1")
        yield* store.enqueue(queued("msg_1", "whk_1"))
        yield* store.enqueue(queued("msg_2", "whk_1"))
        expect(yield* store.redeliver(orgA, whk_1, "msg_1", day(1))).toBe(false)
        yield* store.markDead("msg_1", { at: day(1), error: "HTTP 500", status: 500 })
        yield* store.markDelivered("msg_2", { at: day(1), status: 200 })
        expect(yield* store.redeliver(orgB, whk_1, "msg_1", day(2))).toBe(false)
        expect(yield* store.redeliver(orgA, whk_1, "msg_1", day(2))).toBe(true)
        expect(yield* store.redeliver(orgA, whk_1, "msg_2", day(2))).toBe(true)
        expect(yield* store.redeliver(orgA, whk_1, "msg_2", day(2))).toBe(false)
        expect((yield* store.due(day(2), 10)).map((d) => [d.id, d.attempts, d.payload])).toEqual([
          ["msg_1", 0, payload],
          ["msg_2", 0, payload]
        ])
        expect(Option.map(yield* store.findDelivery(orgA, whk_1, "msg_1"), (d) => [d.state, d.last_error])).toEqual(
          Option.some(["pending", "HTTP 500"])
        )
      }))

    test("overdue lists open, unerased requests past their deadline once, earliest first; marking is once per request", () =>
      Effect.gen(function*() {
        yield* seed
        const requests = yield* RequestsStore
        const store = yield* WebhooksStore
        // Access and deletion: 45 days; opt-out: 15 business days (21 calendar days from day 0 here).
        const open = request({ id: "req_open", status: "verified" })
        const optOut = request({ id: "req_optout", user_right_id: "cpra_opt_out", status: "work_in_progress" })
        const closed = request({ id: "req_closed", status: "fulfilled" })
        const otherOrg = request({ id: "req_b", organization_id: orgB })
        const young = request({ id: "req_young", created_at: day(30) })
        const erased = {
          ...request({ id: "req_erased" }),
          erasure: { at: day(1), by: { type: "system" as const, id: "t" } }
        }
        yield* Effect.forEach([open, optOut, closed, otherOrg, young, erased], requests.insert, { discard: true })
        const at = day(50)
        const ids = Effect.map(store.overdue(at, 10), (list) => list.map((r) => r.id))
        const earliestFirst = [open, optOut, otherOrg].sort((a, b) =>
          a.expires_at.getTime() - b.expires_at.getTime() || (a.id < b.id ? -1 : 1)
        )
        expect(yield* ids).toEqual(earliestFirst.map((r) => r.id))
        expect(yield* store.overdue(at, 10)).toContainEqual({
          id: open.id,
          organization_id: orgA,
          user_right_id: open.user_right_id,
          status: "verified",
          expires_at: open.expires_at
        })
        expect(yield* store.markOverdueEmitted(orgB, open.id, at)).toBe(false)
        expect(yield* store.markOverdueEmitted(orgA, open.id, at)).toBe(true)
        expect(yield* store.markOverdueEmitted(orgA, open.id, at)).toBe(false)
        expect(yield* ids).not.toContain("req_open")
        expect(yield* store.overdue(at, 1)).toHaveLength(1)
      }))
  })
