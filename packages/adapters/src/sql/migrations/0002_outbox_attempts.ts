import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// The delivery worker's last attempt, next to the `attempts`, `next_attempt_at`, `delivered_at` and
// `last_error` columns 0001 gave the outbox: when the last attempt ended, delivered or not.
// `outbox_due` (next_attempt_at, undelivered rows only) already serves `Outbox.due` and
// `Outbox.claim`; no other index is needed.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const INSTANT = sql.literal(sql.onDialectOrElse({ pg: () => "timestamptz", orElse: () => "TEXT" }))
  yield* sql`ALTER TABLE outbox ADD COLUMN last_attempt_at ${INSTANT}`
})
