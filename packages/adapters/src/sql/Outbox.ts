import { OrganizationId, RequestId, Timestamp } from "@dsar/domain"
import { Outbox, type RequestEmail } from "@dsar/http"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Layer, Schema } from "effect"
import { EmailRow, OutboxRow, QueuedRow } from "./rows/OutboxRow.js"

const Due = Schema.Struct({ now: Timestamp, limit: Schema.Int })
const Claim = Schema.Struct({ id: Schema.String, now: Timestamp, until: Timestamp })
const Delivered = Schema.Struct({ id: Schema.String, at: Timestamp })
const Failed = Schema.Struct({ id: Schema.String, at: Timestamp, error: Schema.String, next_attempt_at: Timestamp })
const Undeliverable = Schema.Struct({ id: Schema.String, at: Timestamp, error: Schema.String })
const OfRequest = Schema.Struct({ organization_id: OrganizationId, request_id: RequestId })
const Retry = Schema.Struct({ ...OfRequest.fields, id: Schema.String, now: Timestamp })

const stateOf = (row: typeof EmailRow.Type): RequestEmail => ({
  ...row,
  state: row.delivered_at !== null ? "delivered" : row.failed_at !== null ? "failed" : "pending"
})

export const make = Effect.gen(function*() {
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
      sql`SELECT * FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ${now}
          ORDER BY created_at, seq LIMIT ${limit}`
  })

  // Compare-and-set on `next_attempt_at`: of several workers claiming one message, one wins.
  const claim = SqlSchema.findAll({
    Request: Claim,
    Result: Schema.Struct({ id: Schema.String }),
    execute: ({ id, now, until }) =>
      sql`UPDATE outbox SET next_attempt_at = ${until}
          WHERE id = ${id} AND delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ${now} RETURNING id`
  })

  // A delivered email's link URL carries a live token: only the link's digest stays at rest.
  const withoutUrl = sql.onDialectOrElse({
    pg: () => sql.literal(`(variables::jsonb - 'url')::json`),
    orElse: () => sql.literal(`json_remove(variables, '$.url')`)
  })
  const markDelivered = SqlSchema.void({
    Request: Delivered,
    execute: ({ id, at }) =>
      sql`UPDATE outbox SET delivered_at = ${at}, failed_at = NULL, last_attempt_at = ${at}, attempts = attempts + 1,
          variables = ${withoutUrl} WHERE id = ${id} AND delivered_at IS NULL`
  })

  const markFailed = SqlSchema.void({
    Request: Failed,
    execute: ({ id, at, error, next_attempt_at }) =>
      sql`UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ${at}, last_error = ${error}, next_attempt_at = ${next_attempt_at}
          WHERE id = ${id} AND delivered_at IS NULL AND failed_at IS NULL`
  })

  const markUndeliverable = SqlSchema.void({
    Request: Undeliverable,
    execute: ({ id, at, error }) =>
      sql`UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ${at}, last_error = ${error}, failed_at = ${at}
          WHERE id = ${id} AND delivered_at IS NULL AND failed_at IS NULL`
  })

  const listByRequest = SqlSchema.findAll({
    Request: OfRequest,
    Result: EmailRow,
    execute: ({ organization_id, request_id }) =>
      sql`SELECT id, request_id, kind, created_at, attempts, last_attempt_at, last_error, delivered_at, failed_at FROM outbox
          WHERE organization_id = ${organization_id} AND request_id = ${request_id} ORDER BY created_at, seq`
  })

  const retry = SqlSchema.findAll({
    Request: Retry,
    Result: Schema.Struct({ id: Schema.String }),
    execute: ({ organization_id, request_id, id, now }) =>
      sql`UPDATE outbox SET failed_at = NULL, attempts = 0, next_attempt_at = ${now}
          WHERE id = ${id} AND organization_id = ${organization_id} AND request_id = ${request_id}
          AND delivered_at IS NULL AND failed_at IS NOT NULL RETURNING id`
  })

  return Outbox.of({
    enqueue: (message) => Effect.orDie(enqueue(message)),
    due: (now, limit) => Effect.orDie(due({ now, limit })),
    claim: (id, { now, until }) => Effect.orDie(Effect.map(claim({ id, now, until }), (taken) => taken.length === 1)),
    markDelivered: (id, at) => Effect.orDie(markDelivered({ id, at })),
    markFailed: (id, failure) => Effect.orDie(markFailed({ id, ...failure })),
    markUndeliverable: (id, failure) => Effect.orDie(markUndeliverable({ id, ...failure })),
    listByRequest: (organization_id, request_id) =>
      Effect.orDie(Effect.map(listByRequest({ organization_id, request_id }), (rows) => rows.map(stateOf))),
    retry: (organization_id, request_id, id, now) =>
      Effect.orDie(Effect.map(retry({ organization_id, request_id, id, now }), (taken) => taken.length === 1))
  })
})

export const layer = Layer.effect(Outbox, make)
