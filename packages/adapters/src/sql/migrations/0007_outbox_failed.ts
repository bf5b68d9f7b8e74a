import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// Mail that can never be delivered: `failed_at` is set when the delivery worker gives a message up
// (a permanent refusal, or too many attempts); such a row is out of `Outbox.due` until it is
// retried on demand. A request's emails are listed (and erased) by request, hence their index.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const INSTANT = sql.literal(sql.onDialectOrElse({ pg: () => "timestamptz", orElse: () => "TEXT" }))
  yield* sql`ALTER TABLE outbox ADD COLUMN failed_at ${INSTANT}`
  yield* sql`CREATE INDEX outbox_request ON outbox (organization_id, request_id, seq)`
})
