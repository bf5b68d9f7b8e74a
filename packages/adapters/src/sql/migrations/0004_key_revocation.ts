import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// Keys and sessions can be ended: a revoked key keeps its row (its history names it) with the
// instant it was revoked; an ended session is remembered by its token's digest, never the token,
// until the token would have expired anyway.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const INSTANT = sql.literal(sql.onDialectOrElse({ pg: () => "timestamptz", orElse: () => "TEXT" }))
  const TEXT = sql.literal(sql.onDialectOrElse({ pg: () => `text COLLATE "C"`, orElse: () => "TEXT" }))
  const STRICT = sql.literal(sql.onDialectOrElse({ pg: () => "", orElse: () => "STRICT" }))
  yield* sql`ALTER TABLE api_keys ADD COLUMN revoked_at ${INSTANT}`
  yield* sql`
    CREATE TABLE ended_sessions (
      token_digest ${TEXT} PRIMARY KEY NOT NULL,
      expires_at ${INSTANT} NOT NULL
    ) ${STRICT}`
  yield* sql`CREATE INDEX ended_sessions_expiry ON ended_sessions (expires_at)`
})
