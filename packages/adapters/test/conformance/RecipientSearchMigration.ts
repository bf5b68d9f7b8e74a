import { erasedRequest, OrganizationId, RequestId } from "@dsar/domain"
import { type Condition, OrganizationsStore, RequestsStore, Transactor } from "@dsar/http"
import { SqlClient } from "@effect/sql"
import { expect } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import { undoRecipientSearch } from "../support/Migrations.js"
import { apiKey, day, orgA, organization, orgB, request } from "./Fixtures.js"

// Migration 0022 on a database that holds requests already, on SQLite and PostgreSQL alike: more
// requests than the migration reads at once, of two organisations, an erased one and one without
// an email field. Written by today's stores, taken back to before 0022, then migrated again.

const many = 1_201

const recipientIs = (address: string): Condition => ({ _tag: "Recipient", address })

export const recipientSearchMigration = <E1, E2, E3>(
  stores: Layer.Layer<RequestsStore | OrganizationsStore | Transactor, E1>,
  database: Layer.Layer<SqlClient.SqlClient, E2>,
  migrate: Effect.Effect<ReadonlyArray<readonly [number, string]>, E3>
) =>
  Effect.gen(function*() {
    const ofUser = (i: number) => request({ id: `req_${String(i).padStart(4, "0")}`, organization_user_id: `u${i}` })
    const erased = request({ id: "req_erased", organization_user_id: "carol" })
    yield* Effect.provide(
      Effect.gen(function*() {
        for (const org of [orgA, orgB]) yield* (yield* OrganizationsStore).insert(organization(org), apiKey(org))
        const requests = yield* RequestsStore
        yield* (yield* Transactor).withTransaction(
          Effect.forEach(Array.from({ length: many }, (_, i) => ofUser(i)), requests.insert, { discard: true })
        )
        yield* requests.insert(request({ id: "req_b", organization_id: orgB, organization_user_id: "u7" }))
        yield* requests.insert({ ...request({ id: "req_emailless" }), request_fields: [] })
        yield* requests.insert(erased)
        yield* requests.update(erasedRequest(erased, { at: day(1), by: { type: "system", id: "test" } }), 1)
      }),
      stores
    )
    yield* Effect.provide(
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* undoRecipientSearch
        yield* sql`DELETE FROM effect_sql_migrations WHERE migration_id >= 22`
      }),
      database
    )
    expect(yield* migrate).toEqual([[22, "recipient_search"], [23, "api_key_labels"], [24, "open_deadlines"], [
      25,
      "postgres_request_counts"
    ]])
    const found = (organization_id: OrganizationId, address: string) =>
      Effect.map(
        Effect.flatMap(
          RequestsStore,
          (requests) => requests.list({ organization_id, where: recipientIs(address), sort: [], limit: 10, skip: 0 })
        ),
        (page) => page.items.map((item) => item.id)
      )
    const searches = yield* Effect.provide(
      Effect.all([
        found(orgA, "U0@example.org"),
        found(orgA, "u7@EXAMPLE.ORG"),
        found(orgB, "u7@example.org"),
        found(orgA, `u${many - 1}@example.org`),
        found(orgA, "carol@example.org"),
        found(OrganizationId.make("org_none"), "u0@example.org")
      ]),
      stores
    )
    expect(searches).toEqual([
      [RequestId.make("req_0000")],
      [RequestId.make("req_0007")],
      [RequestId.make("req_b")],
      [RequestId.make(`req_${many - 1}`)],
      [],
      []
    ])
    const filled = yield* Effect.provide(
      Effect.flatMap(SqlClient.SqlClient, (sql) =>
        sql<{ readonly n: number }>`SELECT CAST(count(*) AS INTEGER) AS n FROM requests WHERE recipient IS NOT NULL`),
      database
    )
    expect(filled).toEqual([{ n: many + 1 }])
  })
