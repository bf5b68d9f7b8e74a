import { Timestamp } from "@dsar/domain"
import { Outbox } from "@dsar/http"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Layer, Schema } from "effect"
import { OutboxRow, QueuedRow } from "./rows/OutboxRow.js"

const Due = Schema.Struct({ now: Timestamp, limit: Schema.Int })
const Claim = Schema.Struct({ id: Schema.String, now: Timestamp, until: Timestamp })
const Delivered = Schema.Struct({ id: Schema.String, at: Timestamp })
const Failed = Schema.Struct({ id: Schema.String, at: Timestamp, error: Schema.String, next_attempt_at: Timestamp })

export const make = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient

  // Due at once: the delivery worker moves `next_attempt_at` on when it claims or fails a message.
  const enqueue = SqlSchema.void({
    Request: OutboxRow,
    execute: (row) => sql`INSERT INTO outbox ${sql.insert({ ...row, next_attempt_at: row.created_at })}`
  })

  const due = SqlSchema.findAll({
    Request: Due,
    Result: QueuedRow,
    execute: ({ now, limit }) =>
      sql`SELECT * FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= ${now} ORDER BY created_at, seq LIMIT ${limit}`
  })

  // Compare-and-set on `next_attempt_at`: of several workers claiming one message, one wins.
  const claim = SqlSchema.findAll({
    Request: Claim,
    Result: Schema.Struct({ id: Schema.String }),
    execute: ({ id, now, until }) =>
      sql`UPDATE outbox SET next_attempt_at = ${until}
          WHERE id = ${id} AND delivered_at IS NULL AND next_attempt_at <= ${now} RETURNING id`
  })

  // A delivered email's link URL carries a live token: only the link's digest stays at rest.
  const withoutUrl = sql.onDialectOrElse({
    pg: () => sql.literal(`(variables::jsonb - 'url')::json`),
    orElse: () => sql.literal(`json_remove(variables, '$.url')`)
  })
  const markDelivered = SqlSchema.void({
    Request: Delivered,
    execute: ({ id, at }) =>
      sql`UPDATE outbox SET delivered_at = ${at}, last_attempt_at = ${at}, attempts = attempts + 1, variables = ${withoutUrl}
          WHERE id = ${id} AND delivered_at IS NULL`
  })

  const markFailed = SqlSchema.void({
    Request: Failed,
    execute: ({ id, at, error, next_attempt_at }) =>
      sql`UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ${at}, last_error = ${error}, next_attempt_at = ${next_attempt_at}
          WHERE id = ${id} AND delivered_at IS NULL`
  })

  return Outbox.of({
    enqueue: (message) => Effect.orDie(enqueue(message)),
    due: (now, limit) => Effect.orDie(due({ now, limit })),
    claim: (id, { now, until }) => Effect.orDie(Effect.map(claim({ id, now, until }), (taken) => taken.length === 1)),
    markDelivered: (id, at) => Effect.orDie(markDelivered({ id, at })),
    markFailed: (id, failure) => Effect.orDie(markFailed({ id, ...failure }))
  })
})

export const layer = Layer.effect(Outbox, make)
