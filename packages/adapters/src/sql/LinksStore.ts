import { LinkId, Timestamp } from "@dsar/domain"
import { LinksStore } from "@dsar/http"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Layer, Schema } from "effect"
import { LinkRow } from "./rows/LinkRow.js"

const Mark = Schema.Struct({ id: LinkId, at: Timestamp })

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const insert = SqlSchema.void({
    Request: LinkRow,
    execute: (row) => sql`INSERT INTO links ${sql.insert(row)}`
  })

  const findByTokenHash = SqlSchema.findOne({
    Request: Schema.String,
    Result: LinkRow,
    execute: (token_hash) => sql`SELECT * FROM links WHERE token_hash = ${token_hash}`
  })

  /** Compare-and-set: sets the column only while it is still null; `true` for the one caller that did. */
  const markOnce = (column: "used_at" | "renewed_at") => {
    const mark = SqlSchema.findAll({
      Request: Mark,
      Result: Schema.Struct({ id: LinkId }),
      execute: ({ id, at }) =>
        sql`UPDATE links SET ${sql(column)} = ${at}, updated_at = ${at} WHERE id = ${id} AND ${
          sql(column)
        } IS NULL RETURNING id`
    })
    return (id: LinkId, at: Date) => Effect.orDie(Effect.map(mark({ id, at }), (changed) => changed.length === 1))
  }

  return LinksStore.of({
    insert: (link) => Effect.orDie(insert(link)),
    findByTokenHash: (token_hash) => Effect.orDie(findByTokenHash(token_hash)),
    markUsed: markOnce("used_at"),
    markRenewed: markOnce("renewed_at")
  })
})

export const layer = Layer.effect(LinksStore, make)
