import { type Condition, everything, IndexedOrders, isIndexedOrder, type RequestQuery } from "@dsar/http"
import { SqlClient } from "@effect/sql"
import { expect, it } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import { orderClause } from "../../src/sql/RequestsStore.js"
import { orgA } from "./Fixtures.js"

type Sort = RequestQuery["sort"]

/** Whether the database sorts rows to answer `statement` (its plan holds a sort of its own). */
export type SortsRows = (statement: string) => Effect.Effect<boolean, unknown, SqlClient.SqlClient>

const pinnedStatus: Condition = { _tag: "Compare", field: "status", op: "eq", value: "verified" }

const both = (fields: ReadonlyArray<Sort[number]["field"]>): ReadonlyArray<Sort> =>
  ([1, -1] as const).map((direction) => fields.map((field) => ({ field, direction })))

// Orders `isIndexedOrder` calls unindexed, which the database must then sort: the check below can fail.
const unindexed: ReadonlyArray<{ readonly sort: Sort; readonly where: Condition }> = [
  { sort: [{ field: "status", direction: 1 }, { field: "created_at", direction: -1 }], where: everything },
  { sort: [{ field: "user_right_id", direction: 1 }, { field: "updated_at", direction: 1 }], where: everything },
  { sort: [{ field: "created_at", direction: 1 }, { field: "updated_at", direction: -1 }], where: everything }
]

/**
 * `IndexedOrders` states which orders the stores read from an index, and `QueryLimits.sorted`
 * bounds the others: the database's own plans hold both to the migrations' indexes.
 */
export const indexedOrdersPlans = (
  name: string,
  database: Layer.Layer<SqlClient.SqlClient, unknown>,
  sortsRows: SortsRows
) => {
  const statement = (sort: Sort, where: string) =>
    `SELECT * FROM requests WHERE organization_id = '${orgA}'${where} ORDER BY ${orderClause(sort)} LIMIT 100`

  it.scoped(
    `${name}: every indexed order, forwards and backwards, is read from an index, with no sort`,
    () =>
      Effect.gen(function*() {
        const sorted = []
        for (const sort of IndexedOrders.flatMap(both)) {
          expect(isIndexedOrder({ sort, where: everything })).toBe(true)
          if (yield* sortsRows(statement(sort, ""))) sorted.push(orderClause(sort))
        }
        // A filter's equality leaves the rest of the order to an index as well.
        for (const sort of both(["status", "created_at"])) {
          if (yield* sortsRows(statement(sort, " AND status = 'verified'"))) sorted.push(orderClause(sort))
        }
        expect(sorted).toEqual([])
      }).pipe(Effect.provide(database)),
    60_000
  )

  it.scoped(`${name}: an order isIndexedOrder calls unindexed is sorted by the database`, () =>
    Effect.gen(function*() {
      for (const { sort, where } of unindexed) {
        expect(isIndexedOrder({ sort, where })).toBe(false)
        expect(yield* sortsRows(statement(sort, ""))).toBe(true)
      }
      expect(isIndexedOrder({ sort: unindexed[0]!.sort, where: pinnedStatus })).toBe(true)
    }).pipe(Effect.provide(database)), 60_000)
}

/** SQLite's plan says `USE TEMP B-TREE FOR ... ORDER BY` when it sorts. */
export const sqliteSortsRows: SortsRows = (statement) =>
  Effect.flatMap(
    SqlClient.SqlClient,
    (sql) =>
      Effect.map(
        sql.unsafe<{ readonly detail: string }>(`EXPLAIN QUERY PLAN ${statement}`),
        (rows) => rows.some((row) => row.detail.includes("TEMP B-TREE"))
      )
  )

/**
 * PostgreSQL's planner sorts a small table rather than read an index, so the plan is asked for
 * with sorting and sequential scans priced out: a `Sort` node left means no index gives the order.
 */
export const postgresSortsRows: SortsRows = (statement) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql.withTransaction(
      Effect.gen(function*() {
        yield* sql.unsafe("SET LOCAL enable_sort = off")
        yield* sql.unsafe("SET LOCAL enable_incremental_sort = off")
        yield* sql.unsafe("SET LOCAL enable_seqscan = off")
        const rows = yield* sql.unsafe<Record<string, string>>(`EXPLAIN ${statement}`)
        return rows.some((row) => Object.values(row).some((line) => /Sort/.test(line)))
      })
    ))
