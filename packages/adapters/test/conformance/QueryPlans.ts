import { type Condition, everything, IndexedOrders, isIndexedOrder, type RequestQuery } from "@dsar/http"
import { SqlClient } from "@effect/sql"
import { expect, it } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import { orderClause } from "../../src/sql/RequestsStore.js"
import { overdueCandidates } from "../../src/sql/WebhooksStore.js"
import { orgA } from "./Fixtures.js"

type Sort = RequestQuery["sort"]

/** How a database would run a statement: its plan as text, and what in it says it sorts rows. */
export interface Planner {
  readonly plan: (statement: string) => Effect.Effect<string, unknown, SqlClient.SqlClient>
  readonly sorts: RegExp
}

const pinnedStatus: Condition = { _tag: "Compare", field: "status", op: "eq", value: "verified" }

const both = (fields: ReadonlyArray<Sort[number]["field"]>): ReadonlyArray<Sort> =>
  ([1, -1] as const).map((direction) => fields.map((field) => ({ field, direction })))

// Orders `isIndexedOrder` calls unindexed, which the database must then sort: the check below can fail.
const unindexed: ReadonlyArray<Sort> = [
  [{ field: "status", direction: 1 }, { field: "created_at", direction: -1 }],
  [{ field: "user_right_id", direction: 1 }, { field: "updated_at", direction: 1 }],
  [{ field: "created_at", direction: 1 }, { field: "updated_at", direction: -1 }]
]

/**
 * The indexes the migrations make, held to what the stores ask of them, through the database's
 * own plans: `IndexedOrders` are read from an index (the others, which `QueryLimits.sorted`
 * bounds, are sorted), and the overdue sweep reads the index of the open requests' deadlines.
 */
export const queryPlans = (name: string, database: Layer.Layer<SqlClient.SqlClient, unknown>, planner: Planner) => {
  const listing = (sort: Sort, where: string) =>
    `SELECT * FROM requests WHERE organization_id = '${orgA}'${where} ORDER BY ${orderClause(sort)} LIMIT 100`
  const sorts = (statement: string) => Effect.map(planner.plan(statement), (plan) => planner.sorts.test(plan))

  it.scoped(
    `${name}: every indexed order, forwards and backwards, is read from an index, with no sort`,
    () =>
      Effect.gen(function*() {
        const sorted = []
        for (const sort of IndexedOrders.flatMap(both)) {
          expect(isIndexedOrder({ sort, where: everything })).toBe(true)
          if (yield* sorts(listing(sort, ""))) sorted.push(orderClause(sort))
        }
        // A filter's equality leaves the rest of the order to an index as well.
        for (const sort of both(["status", "created_at"])) {
          if (yield* sorts(listing(sort, " AND status = 'verified'"))) sorted.push(orderClause(sort))
        }
        expect(sorted).toEqual([])
      }).pipe(Effect.provide(database)),
    60_000
  )

  it.scoped(`${name}: an order isIndexedOrder calls unindexed is sorted by the database`, () =>
    Effect.gen(function*() {
      for (const sort of unindexed) {
        expect(isIndexedOrder({ sort, where: everything })).toBe(false)
        expect(yield* sorts(listing(sort, ""))).toBe(true)
      }
      expect(isIndexedOrder({ sort: unindexed[0]!, where: pinnedStatus })).toBe(true)
    }).pipe(Effect.provide(database)), 60_000)

  it.scoped(
    `${name}: the overdue sweep reads the index of the open requests' deadlines, never the closed requests`,
    () =>
      Effect.gen(function*() {
        const plan = yield* planner.plan(
          `SELECT id FROM requests WHERE expires_at < '2030-01-01T00:00:00.000Z' AND ${overdueCandidates}
         ORDER BY expires_at, id LIMIT 100`
        )
        expect(plan).toMatch(/requests_deadline/)
        expect(plan).not.toMatch(planner.sorts)
        // The index holds no closed request: a query for those cannot be answered from it.
        const closed = yield* planner.plan(
          `SELECT id FROM requests WHERE expires_at < '2030-01-01T00:00:00.000Z' AND erasure IS NULL
         AND status = 'fulfilled' ORDER BY expires_at, id LIMIT 100`
        )
        expect(closed).not.toMatch(/requests_deadline/)
      }).pipe(Effect.provide(database)),
    60_000
  )
}

/** SQLite's plan; it says `USE TEMP B-TREE FOR ... ORDER BY` when it sorts. */
export const sqlitePlanner: Planner = {
  plan: (statement) =>
    Effect.flatMap(SqlClient.SqlClient, (sql) =>
      Effect.map(
        sql.unsafe<{ readonly detail: string }>(`EXPLAIN QUERY PLAN ${statement}`),
        (rows) => rows.map((row) => row.detail).join("\n")
      )),
  sorts: /TEMP B-TREE/
}

/**
 * PostgreSQL's plan, asked for with sorting and sequential scans priced out (its planner would
 * rather sort a small table than read an index): a `Sort` node left means no index gives the order.
 */
export const postgresPlanner: Planner = {
  plan: (statement) =>
    Effect.flatMap(SqlClient.SqlClient, (sql) =>
      sql.withTransaction(
        Effect.gen(function*() {
          yield* sql.unsafe("SET LOCAL enable_sort = off")
          yield* sql.unsafe("SET LOCAL enable_incremental_sort = off")
          yield* sql.unsafe("SET LOCAL enable_seqscan = off")
          const rows = yield* sql.unsafe<Record<string, string>>(`EXPLAIN ${statement}`)
          return rows.flatMap((row) => Object.values(row)).join("\n")
        })
      )),
  sorts: /Sort/
}
