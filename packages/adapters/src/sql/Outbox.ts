import { Outbox } from "@dsar/http"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Layer, Schema } from "effect"
import { OutboxRow } from "./rows/OutboxRow.js"

export const make = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient

  // Due at once: the delivery worker moves `next_attempt_at` on when an attempt fails.
  const enqueue = SqlSchema.void({
    Request: OutboxRow,
    execute: (row) => sql`INSERT INTO outbox ${sql.insert({ ...row, next_attempt_at: row.created_at })}`
  })

  const pending = SqlSchema.findAll({
    Request: Schema.Int,
    Result: OutboxRow,
    execute: (limit) => sql`SELECT * FROM outbox WHERE delivered_at IS NULL ORDER BY created_at, seq LIMIT ${limit}`
  })

  return Outbox.of({
    enqueue: (message) => Effect.orDie(enqueue(message)),
    pending: (limit) => Effect.orDie(pending(limit))
  })
})

export const layer = Layer.effect(Outbox, make)
