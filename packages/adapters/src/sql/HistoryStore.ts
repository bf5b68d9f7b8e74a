import { OrganizationId, RequestId } from "@dsar/domain"
import { HistoryStore } from "@dsar/http"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Layer, Schema } from "effect"
import { HistoryRow } from "./rows/HistoryRow.js"

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const append = SqlSchema.void({
    Request: HistoryRow,
    execute: (row) => sql`INSERT INTO history ${sql.insert(row)}`
  })

  // Append order (`seq`), not `at`: the log must read as it was written even if the clock stepped back.
  const listByRequest = SqlSchema.findAll({
    Request: Schema.Struct({ organization_id: OrganizationId, request_id: RequestId }),
    Result: HistoryRow,
    execute: (key) =>
      sql`
      SELECT * FROM history WHERE organization_id = ${key.organization_id} AND request_id = ${key.request_id}
      ORDER BY seq`
  })

  return HistoryStore.of({
    append: (entry) => Effect.orDie(append(entry)),
    listByRequest: (organization_id, request_id) => Effect.orDie(listByRequest({ organization_id, request_id }))
  })
})

export const layer = Layer.effect(HistoryStore, make)
