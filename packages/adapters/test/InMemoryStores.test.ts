import { OrganizationsStore, RequestsStore, Transactor } from "@dsar/http"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { InMemoryStores } from "../src/memory.js"
import { apiKey, orgA, organization, request } from "./conformance/Fixtures.js"
import { storesConformance } from "./conformance/StoresConformance.js"
import { unverifiedSweepConformance } from "./conformance/UnverifiedSweep.js"

storesConformance("in-memory stores", InMemoryStores.layer)

unverifiedSweepConformance("in-memory stores", InMemoryStores.layer)

describe("in-memory transactions", () => {
  it.effect("run one at a time, so a read-then-write inside each never races another", () =>
    Effect.gen(function*() {
      const requests = yield* RequestsStore
      const transactor = yield* Transactor
      yield* (yield* OrganizationsStore).insert(organization(orgA), apiKey(orgA))
      const stored = request({ id: "req_1" })
      yield* requests.insert(stored)
      const bump = (writer: number) =>
        transactor.withTransaction(
          Effect.gen(function*() {
            const current = Option.getOrThrow(yield* requests.findById(orgA, stored.id))
            yield* Effect.yieldNow()
            return yield* requests.update({ ...current.value, metadata: { writer } }, current.version)
          })
        )
      const results = yield* Effect.all(Array.from({ length: 10 }, (_, i) => bump(i)), { concurrency: "unbounded" })
      expect(results).toEqual(Array.from({ length: 10 }, () => true))
    }).pipe(Effect.provide(InMemoryStores.layer)))
})
