import {
  OpenStatuses,
  OrganizationId,
  RequestId,
  Timestamp,
  type WebhookDelivery,
  WebhookEndpointId
} from "@dsar/domain"
import { OverdueRequest, QueuedWebhook, WebhooksStore } from "@dsar/http"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Layer, Option, Schema } from "effect"
import { WebhookDeliveryRow, WebhookEndpointRow } from "./rows/WebhookRow.js"

const OfOrganization = Schema.Struct({ organization_id: OrganizationId })
const Key = Schema.Struct({ organization_id: OrganizationId, id: WebhookEndpointId })
const Rotation = Schema.Struct({
  ...Key.fields,
  secret: Schema.String,
  previous_secret: Schema.NullOr(Schema.String),
  previous_secret_expires_at: Schema.NullOr(Timestamp),
  at: Timestamp
})
const Due = Schema.Struct({ now: Timestamp, limit: Schema.Int })
const DueRow = Schema.Struct({
  ...QueuedWebhook.fields,
  attempts: Schema.Int,
  url: Schema.String,
  secret: Schema.String,
  previous_secret: Schema.NullOr(Schema.String),
  previous_secret_expires_at: Schema.NullOr(Timestamp)
})
const Claim = Schema.Struct({ id: Schema.String, now: Timestamp, until: Timestamp })
const Delivered = Schema.Struct({ id: Schema.String, at: Timestamp, status: Schema.Int })
const Failure = Schema.Struct({
  id: Schema.String,
  at: Timestamp,
  error: Schema.String,
  status: Schema.NullOr(Schema.Int),
  next_attempt_at: Timestamp
})
const LastFailure = Failure.omit("next_attempt_at")
const OfEndpoint = Schema.Struct({ organization_id: OrganizationId, endpoint_id: WebhookEndpointId, limit: Schema.Int })
const DeliveryKey = Schema.Struct({
  organization_id: OrganizationId,
  endpoint_id: WebhookEndpointId,
  id: Schema.String
})
const Redeliver = Schema.Struct({ ...DeliveryKey.fields, now: Timestamp })
const Emitted = Schema.Struct({ organization_id: OrganizationId, request_id: RequestId, at: Timestamp })
const Returned = Schema.Struct({ id: Schema.String })

const DELIVERY_COLUMNS = "id, endpoint_id, event_type, payload, created_at, attempts, last_attempt_at, last_status, "
  + "last_error, delivered_at, failed_at"

const stateOf = (row: typeof WebhookDeliveryRow.Type): WebhookDelivery => ({
  ...row,
  state: row.delivered_at !== null ? "delivered" : row.failed_at !== null ? "failed" : "pending"
})

/**
 * The requests the overdue sweep looks at, as the partial index `requests_deadline` (migration
 * 0024) holds them: written out rather than bound, since a database uses a partial index only when
 * it can tell that the query's condition implies the index's.
 */
export const overdueCandidates = `erasure IS NULL AND status IN (${
  OpenStatuses.map((status) => `'${status}'`).join(", ")
})`

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const deliveryColumns = sql.literal(DELIVERY_COLUMNS)

  const insertEndpoint = SqlSchema.void({
    Request: WebhookEndpointRow,
    execute: (row) => sql`INSERT INTO webhook_endpoints ${sql.insert(row)}`
  })
  const listEndpoints = SqlSchema.findAll({
    Request: OfOrganization,
    Result: WebhookEndpointRow,
    execute: ({ organization_id }) =>
      sql`SELECT * FROM webhook_endpoints WHERE organization_id = ${organization_id} ORDER BY seq`
  })
  const findEndpoint = SqlSchema.findOne({
    Request: Key,
    Result: WebhookEndpointRow,
    execute: ({ id, organization_id }) =>
      sql`SELECT * FROM webhook_endpoints WHERE organization_id = ${organization_id} AND id = ${id}`
  })
  const deleteEndpoint = (key: typeof Key.Type) =>
    sql.withTransaction(
      Effect.zipRight(
        sql`DELETE FROM webhook_deliveries WHERE organization_id = ${key.organization_id} AND endpoint_id = ${key.id}`,
        sql<{ id: string }>`DELETE FROM webhook_endpoints WHERE organization_id = ${key.organization_id}
          AND id = ${key.id} RETURNING id`
      )
    )
  const rotateSecret = SqlSchema.findAll({
    Request: Rotation,
    Result: Returned,
    execute: ({ at, id, organization_id, previous_secret, previous_secret_expires_at, secret }) =>
      sql`UPDATE webhook_endpoints SET secret = ${secret}, previous_secret = ${previous_secret},
          previous_secret_expires_at = ${previous_secret_expires_at}, updated_at = ${at}
          WHERE organization_id = ${organization_id} AND id = ${id} RETURNING id`
  })
  // Due at once; the worker moves `next_attempt_at` on when it claims or fails a delivery.
  const enqueue = SqlSchema.void({
    Request: QueuedWebhook,
    execute: (row) => sql`INSERT INTO webhook_deliveries ${sql.insert({ ...row, next_attempt_at: row.created_at })}`
  })
  const due = SqlSchema.findAll({
    Request: Due,
    Result: DueRow,
    execute: ({ limit, now }) =>
      sql`SELECT d.id, d.organization_id, d.endpoint_id, d.event_type, d.request_id, d.payload, d.created_at,
            d.attempts, e.url, e.secret, e.previous_secret, e.previous_secret_expires_at
          FROM webhook_deliveries d JOIN webhook_endpoints e
            ON e.organization_id = d.organization_id AND e.id = d.endpoint_id
          WHERE d.delivered_at IS NULL AND d.failed_at IS NULL AND d.next_attempt_at <= ${now}
          ORDER BY d.created_at, d.seq LIMIT ${limit}`
  })
  // Compare-and-set on `next_attempt_at`: of several workers claiming one delivery, one wins.
  const claim = SqlSchema.findAll({
    Request: Claim,
    Result: Returned,
    execute: ({ id, now, until }) =>
      sql`UPDATE webhook_deliveries SET next_attempt_at = ${until}
          WHERE id = ${id} AND delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ${now} RETURNING id`
  })
  const markDelivered = SqlSchema.void({
    Request: Delivered,
    execute: ({ at, id, status }) =>
      sql`UPDATE webhook_deliveries SET delivered_at = ${at}, last_attempt_at = ${at}, last_status = ${status},
          attempts = attempts + 1 WHERE id = ${id} AND delivered_at IS NULL AND failed_at IS NULL`
  })
  const markFailed = SqlSchema.void({
    Request: Failure,
    execute: ({ at, error, id, next_attempt_at, status }) =>
      sql`UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = ${at}, last_status = ${status},
          last_error = ${error}, next_attempt_at = ${next_attempt_at}
          WHERE id = ${id} AND delivered_at IS NULL AND failed_at IS NULL`
  })
  const markDead = SqlSchema.void({
    Request: LastFailure,
    execute: ({ at, error, id, status }) =>
      sql`UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = ${at}, last_status = ${status},
          last_error = ${error}, failed_at = ${at}
          WHERE id = ${id} AND delivered_at IS NULL AND failed_at IS NULL`
  })
  const listDeliveries = SqlSchema.findAll({
    Request: OfEndpoint,
    Result: WebhookDeliveryRow,
    execute: ({ endpoint_id, limit, organization_id }) =>
      sql`SELECT ${deliveryColumns} FROM webhook_deliveries
          WHERE organization_id = ${organization_id} AND endpoint_id = ${endpoint_id}
          ORDER BY created_at DESC, seq DESC LIMIT ${limit}`
  })
  const findDelivery = SqlSchema.findOne({
    Request: DeliveryKey,
    Result: WebhookDeliveryRow,
    execute: ({ endpoint_id, id, organization_id }) =>
      sql`SELECT ${deliveryColumns} FROM webhook_deliveries
          WHERE organization_id = ${organization_id} AND endpoint_id = ${endpoint_id} AND id = ${id}`
  })
  const redeliver = SqlSchema.findAll({
    Request: Redeliver,
    Result: Returned,
    execute: ({ endpoint_id, id, now, organization_id }) =>
      sql`UPDATE webhook_deliveries SET attempts = 0, next_attempt_at = ${now}, delivered_at = NULL, failed_at = NULL
          WHERE organization_id = ${organization_id} AND endpoint_id = ${endpoint_id} AND id = ${id}
          AND (delivered_at IS NOT NULL OR failed_at IS NOT NULL) RETURNING id`
  })
  const overdue = SqlSchema.findAll({
    Request: Due,
    Result: OverdueRequest,
    execute: ({ limit, now }) =>
      sql`SELECT id, organization_id, user_right_id, status, expires_at FROM requests
          WHERE expires_at < ${now} AND ${sql.literal(overdueCandidates)}
          AND NOT EXISTS (SELECT 1 FROM webhook_overdue WHERE webhook_overdue.request_id = requests.id)
          ORDER BY expires_at, id LIMIT ${limit}`
  })
  const markOverdueEmitted = SqlSchema.findAll({
    Request: Emitted,
    Result: Returned,
    execute: ({ at, organization_id, request_id }) =>
      sql`INSERT INTO webhook_overdue (request_id, organization_id, emitted_at)
          SELECT id, organization_id, ${at} FROM requests WHERE organization_id = ${organization_id} AND id = ${request_id}
          ON CONFLICT (request_id) DO NOTHING RETURNING request_id AS id`
  })

  const one = (rows: ReadonlyArray<unknown>) => rows.length === 1

  return WebhooksStore.of({
    insertEndpoint: (endpoint) => Effect.orDie(insertEndpoint(endpoint)),
    listEndpoints: (organization_id) => Effect.orDie(listEndpoints({ organization_id })),
    findEndpoint: (organization_id, id) => Effect.orDie(findEndpoint({ organization_id, id })),
    deleteEndpoint: (organization_id, id) => Effect.orDie(Effect.map(deleteEndpoint({ organization_id, id }), one)),
    rotateSecret: (organization_id, id, rotation) =>
      Effect.orDie(Effect.map(rotateSecret({ organization_id, id, ...rotation }), one)),
    enqueue: (delivery) => Effect.orDie(enqueue(delivery)),
    due: (now, limit) => Effect.orDie(due({ now, limit })),
    claim: (id, { now, until }) => Effect.orDie(Effect.map(claim({ id, now, until }), one)),
    markDelivered: (id, outcome) => Effect.orDie(markDelivered({ id, ...outcome })),
    markFailed: (id, failure) => Effect.orDie(markFailed({ id, ...failure })),
    markDead: (id, failure) => Effect.orDie(markDead({ id, ...failure })),
    listDeliveries: (organization_id, endpoint_id, limit) =>
      Effect.orDie(Effect.map(listDeliveries({ organization_id, endpoint_id, limit }), (rows) => rows.map(stateOf))),
    findDelivery: (organization_id, endpoint_id, id) =>
      Effect.orDie(Effect.map(findDelivery({ organization_id, endpoint_id, id }), Option.map(stateOf))),
    redeliver: (organization_id, endpoint_id, id, now) =>
      Effect.orDie(Effect.map(redeliver({ organization_id, endpoint_id, id, now }), one)),
    overdue: (now, limit) => Effect.orDie(overdue({ now, limit })),
    markOverdueEmitted: (organization_id, request_id, at) =>
      Effect.orDie(Effect.map(markOverdueEmitted({ organization_id, request_id, at }), one))
  })
})

export const layer = Layer.effect(WebhooksStore, make)
