import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// Issue 19: the console's operators (one per email in an organisation), their sign-in links and
// their browser sessions. Links and sessions keep only their token's digest, as approval links do;
// both are found by it, hence unique. An operator's links and sessions go with it.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const types = sql.onDialectOrElse({
    pg: () => ({
      text: `text COLLATE "C"`,
      instant: "timestamptz",
      seq: "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
      table: ""
    }),
    orElse: () => ({ text: "TEXT", instant: "TEXT", seq: "INTEGER PRIMARY KEY", table: "STRICT" })
  })
  const TEXT = sql.literal(types.text)
  const INSTANT = sql.literal(types.instant)
  const SEQ = sql.literal(types.seq)
  const STRICT = sql.literal(types.table)

  yield* sql`
    CREATE TABLE operators (
      seq ${SEQ},
      id ${TEXT} NOT NULL UNIQUE,
      organization_id ${TEXT} NOT NULL REFERENCES organizations (id),
      email ${TEXT} NOT NULL,
      role ${TEXT} NOT NULL,
      created_at ${INSTANT} NOT NULL,
      updated_at ${INSTANT} NOT NULL,
      UNIQUE (organization_id, email),
      UNIQUE (organization_id, id)
    ) ${STRICT}`
  yield* sql`CREATE INDEX operators_email ON operators (email)`

  yield* sql`
    CREATE TABLE operator_sign_in_links (
      id ${TEXT} PRIMARY KEY NOT NULL,
      organization_id ${TEXT} NOT NULL,
      operator_id ${TEXT} NOT NULL,
      token_hash ${TEXT} NOT NULL UNIQUE,
      created_at ${INSTANT} NOT NULL,
      expires_at ${INSTANT} NOT NULL,
      used_at ${INSTANT},
      FOREIGN KEY (organization_id, operator_id) REFERENCES operators (organization_id, id) ON DELETE CASCADE
    ) ${STRICT}`

  yield* sql`
    CREATE TABLE console_sessions (
      id ${TEXT} PRIMARY KEY NOT NULL,
      organization_id ${TEXT} NOT NULL,
      operator_id ${TEXT} NOT NULL,
      token_hash ${TEXT} NOT NULL UNIQUE,
      created_at ${INSTANT} NOT NULL,
      expires_at ${INSTANT} NOT NULL,
      revoked_at ${INSTANT},
      FOREIGN KEY (organization_id, operator_id) REFERENCES operators (organization_id, id) ON DELETE CASCADE
    ) ${STRICT}`
  yield* sql`CREATE INDEX console_sessions_operator ON console_sessions (organization_id, operator_id)`
})
