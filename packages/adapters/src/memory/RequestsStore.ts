import { type OrganizationId, Request, type RequestId, withoutApprovalUrl } from "@dsar/domain"
import { type RequestQuery, RequestsStore } from "@dsar/http"
import { Effect, Either, HashMap, Layer, Option, Struct } from "effect"
import { references, uniqueKey } from "./Constraints.js"
import { MemoryDatabase } from "./MemoryDatabase.js"
import { pageOf } from "./RequestQuery.js"
import { stored } from "./Stored.js"

const storedRequest = stored(Request)

const find = (db: MemoryDatabase["Type"], organization_id: OrganizationId, id: RequestId) =>
  db.read((state) =>
    Option.filter(HashMap.get(state.requests, id), (row) => row.value.organization_id === organization_id)
  )

const page = (db: MemoryDatabase["Type"], query: RequestQuery) =>
  db.read((state) => pageOf(Array.from(HashMap.values(state.requests), (row) => row.value), query))

export const layer = Layer.effect(
  RequestsStore,
  Effect.map(MemoryDatabase, (db) => ({
    insert: (request) =>
      Effect.flatMap(storedRequest(request), (row) =>
        db.write((state) =>
          Either.gen(function*() {
            yield* uniqueKey("requests.id", state.requests, row.id)
            yield* references("requests.organization_id", HashMap.has(state.organizations, row.organization_id))
            return [undefined, {
              ...state,
              requests: HashMap.set(state.requests, row.id, { value: row, version: 1 })
            }] as const
          })
        )),

    findById: (organization_id, id) => find(db, organization_id, id),

    findJson: (organization_id, id) =>
      Effect.map(find(db, organization_id, id), Option.map((row) => JSON.stringify(row.value))),

    list: (query) => page(db, query),

    // A request's JSON.stringify is its encoded form (the domain's property tests state it).
    listJson: (query) =>
      Effect.map(
        page(db, query),
        ({ items, total }) => ({ json: JSON.stringify(items), total, size: items.length, last: items.at(-1) })
      ),

    firstCandidate: (query) =>
      Effect.map(page(db, { ...query, limit: 1, skip: 0 }), ({ items }) =>
        Option.map(
          Option.fromNullable(items[0]),
          (request) => Struct.pick(request, "id", "organization_user_id", "user_right_id", "status", "created_at")
        )),

    update: (next, expectedVersion) =>
      Effect.flatMap(storedRequest(next), (row) =>
        db.write((state) => {
          const current = Option.filter(
            HashMap.get(state.requests, row.id),
            (current) => current.value.organization_id === row.organization_id && current.version === expectedVersion
          )
          return Either.right(
            Option.isNone(current)
              ? ([false, state] as const)
              : ([true, {
                ...state,
                requests: HashMap.set(state.requests, row.id, { value: row, version: expectedVersion + 1 })
              }] as const)
          )
        })),

    // One write reads and changes the request at once: no other change can come between.
    forgetApprovalUrl: (organization_id, id, url) =>
      db.write((state) => {
        const current = Option.filter(
          HashMap.get(state.requests, id),
          (current) =>
            current.value.organization_id === organization_id && current.value.validation?.approve_url === url
        )
        return Either.right(
          Option.isNone(current)
            ? ([true, state] as const)
            : ([true, {
              ...state,
              requests: HashMap.set(state.requests, id, {
                value: { ...current.value.value, validation: withoutApprovalUrl(current.value.value.validation) },
                version: current.value.version + 1
              })
            }] as const)
        )
      })
  }))
)
