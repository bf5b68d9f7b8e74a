import { RequestId } from "@dsar/domain"
import { OrganizationsStore, RequestsStore, type StorePorts, UnverifiedStore } from "@dsar/http"
import { describe, expect } from "@effect/vitest"
import { Effect } from "effect"
import { apiKey, day, orgA, organization, orgB, request } from "./Fixtures.js"

type Test = (title: string, body: () => Effect.Effect<void, unknown, StorePorts>) => void

const seed = Effect.gen(function*() {
  const organizations = yield* OrganizationsStore
  yield* organizations.insert(organization(orgA), apiKey(orgA))
  yield* organizations.insert(organization(orgB), apiKey(orgB))
  const requests = yield* RequestsStore
  // Received on days 0 to 3, of both organisations; one confirmed, one erased.
  yield* Effect.forEach(
    [
      request({ id: "req_d2", created_at: day(2) }),
      request({ id: "req_d0", created_at: day(0) }),
      request({ id: "req_b1", created_at: day(1), organization_id: orgB }),
      request({ id: "req_a1", created_at: day(1) }),
      request({ id: "req_d3", created_at: day(3) }),
      request({ id: "req_verified", created_at: day(0), status: "verified" }),
      { ...request({ id: "req_erased", created_at: day(0) }), erasure: { at: day(1), by: { type: "system", id: "t" } } }
    ] as const,
    requests.insert,
    { discard: true }
  )
  return yield* UnverifiedStore
})

export const unverifiedConformance = (test: Test) =>
  describe("unverified requests", () => {
    test("due for closing: unverified, unerased requests of every organisation received at or before the cutoff, oldest first", () =>
      Effect.gen(function*() {
        const store = yield* seed
        const ids = (before: Date, limit = 10) =>
          Effect.map(store.dueForClosing(before, limit), (list) => list.map((r) => r.id))
        expect(yield* ids(day(2))).toEqual(["req_d0", "req_a1", "req_b1", "req_d2"])
        expect(yield* ids(day(2), 2)).toEqual(["req_d0", "req_a1"])
        expect(yield* store.dueForClosing(day(0), 10)).toEqual([
          { organization_id: orgA, id: "req_d0", created_at: day(0) }
        ])
      }))

    test("due for a reminder: received within the range (after, before], never reminded; a reminder is recorded once, in its organisation", () =>
      Effect.gen(function*() {
        const store = yield* seed
        const ids = Effect.map(
          store.dueForReminder({ after: day(0), before: day(3) }, 10),
          (list) => list.map((r) => r.id)
        )
        expect(yield* ids).toEqual(["req_a1", "req_b1", "req_d2", "req_d3"])
        expect(yield* store.markReminded(orgA, RequestId.make("req_b1"), day(4))).toBe(false)
        expect(yield* store.markReminded(orgB, RequestId.make("req_b1"), day(4))).toBe(true)
        expect(yield* store.markReminded(orgB, RequestId.make("req_b1"), day(4))).toBe(false)
        expect(yield* store.markReminded(orgA, RequestId.make("req_missing"), day(4))).toBe(false)
        expect(yield* ids).toEqual(["req_a1", "req_d2", "req_d3"])
        // Reminded or not, a request due for closing is listed for it.
        expect((yield* store.dueForClosing(day(1), 10)).map((r) => r.id)).toEqual(["req_d0", "req_a1", "req_b1"])
      }))
  })
