import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// Webhooks: an organisation's endpoints, with their signing secrets (as they are: they must sign,
// decision 0018); their deliveries, the webhooks' transactional outbox, written in the transaction
// of the change that causes each event; and the requests whose `request.overdue` was emitted, so
// that it is emitted once. A delivery's `payload` is text, not JSON: every attempt must send the
// bytes it was signed over. The overdue sweep looks across organisations by deadline, hence its index.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const types = sql.onDialectOrElse({
    pg: () => ({
      text: `text COLLATE "C"`,
      instant: "timestamptz",
      json: "json",
      seq: "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
      table: ""
    }),
    orElse: () => ({ text: "TEXT", instant: "TEXT", json: "TEXT", seq: "INTEGER PRIMARY KEY", table: "STRICT" })
  })
  const TEXT = sql.literal(types.text)
  const INSTANT = sql.literal(types.instant)
  const NESTED = sql.literal(types.json)
  const SEQ = sql.literal(types.seq)
  const STRICT = sql.literal(types.table)

  yield* sql`
    CREATE TABLE webhook_endpoints (
      seq ${SEQ},
      id ${TEXT} NOT NULL UNIQUE,
      organization_id ${TEXT} NOT NULL REFERENCES organizations (id),
      url ${TEXT} NOT NULL,
      event_types ${NESTED} NOT NULL,
      description ${TEXT},
      created_at ${INSTANT} NOT NULL,
      updated_at ${INSTANT} NOT NULL,
      secret ${TEXT} NOT NULL,
      previous_secret ${TEXT},
      previous_secret_expires_at ${INSTANT},
      UNIQUE (organization_id, id)
    ) ${STRICT}`
  yield* sql`CREATE INDEX webhook_endpoints_organization ON webhook_endpoints (organization_id, seq)`

  yield* sql`
    CREATE TABLE webhook_deliveries (
      seq ${SEQ},
      id ${TEXT} NOT NULL UNIQUE,
      organization_id ${TEXT} NOT NULL,
      endpoint_id ${TEXT} NOT NULL,
      event_type ${TEXT} NOT NULL,
      request_id ${TEXT} NOT NULL,
      payload ${TEXT} NOT NULL,
      created_at ${INSTANT} NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at ${INSTANT} NOT NULL,
      last_attempt_at ${INSTANT},
      last_status INTEGER,
      last_error ${TEXT},
      delivered_at ${INSTANT},
      failed_at ${INSTANT},
      FOREIGN KEY (organization_id, endpoint_id) REFERENCES webhook_endpoints (organization_id, id)
    ) ${STRICT}`
  yield* sql`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL`
  yield* sql`CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (organization_id, endpoint_id, seq)`

  yield* sql`
    CREATE TABLE webhook_overdue (
      request_id ${TEXT} PRIMARY KEY NOT NULL,
      organization_id ${TEXT} NOT NULL,
      emitted_at ${INSTANT} NOT NULL,
      FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id)
    ) ${STRICT}`
  yield* sql`CREATE INDEX requests_deadline ON requests (expires_at, id) WHERE erasure IS NULL`
})
