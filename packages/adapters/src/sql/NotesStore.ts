import { Note, OrganizationId, RequestId } from "@dsar/domain"
import { NotesStore } from "@dsar/http"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Layer, Schema } from "effect"

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const insert = SqlSchema.void({
    Request: Note,
    execute: (row) => sql`INSERT INTO notes ${sql.insert(row)}`
  })

  const listByRequest = SqlSchema.findAll({
    Request: Schema.Struct({ organization_id: OrganizationId, request_id: RequestId }),
    Result: Note,
    execute: (key) =>
      sql`
      SELECT * FROM notes WHERE organization_id = ${key.organization_id} AND request_id = ${key.request_id}
      ORDER BY created_at, seq`
  })

  return NotesStore.of({
    insert: (note) => Effect.orDie(insert(note)),
    listByRequest: (organization_id, request_id) => Effect.orDie(listByRequest({ organization_id, request_id }))
  })
})

export const layer = Layer.effect(NotesStore, make)
