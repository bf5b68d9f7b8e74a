import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// One migration for both dialects: the tables, keys and indexes are written once; only the column
// types differ.
//
// - SQLite: STRICT tables. Instants are ISO-8601 text in UTC with milliseconds
//   (`Date.toISOString`): one fixed width, so comparing and sorting the text is comparing and
//   sorting the instants. JSON is text.
// - PostgreSQL: instants are `timestamptz` (the client reads them back as the same ISO-8601 text,
//   see `PgDatabase`); JSON is `json`, which keeps the text as written. Text columns use the "C"
//   collation, so they compare and sort bytewise as in SQLite, whatever the database's locale.
//
// JSON columns hold nested values nothing filters on. Child rows reference their request together
// with its organisation, so a row can never point into another tenant. `seq` records insertion
// order where it is read back.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const types = sql.onDialectOrElse({
    pg: () => ({
      text: `text COLLATE "C"`,
      instant: "timestamptz",
      json: "json",
      integer: "integer",
      seq: "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
      table: ""
    }),
    orElse: () => ({
      text: "TEXT",
      instant: "TEXT",
      json: "TEXT",
      integer: "INTEGER",
      seq: "INTEGER PRIMARY KEY",
      table: "STRICT"
    })
  })
  const TEXT = sql.literal(types.text)
  const INSTANT = sql.literal(types.instant)
  const NESTED = sql.literal(types.json)
  const INTEGER = sql.literal(types.integer)
  const SEQ = sql.literal(types.seq)
  const STRICT = sql.literal(types.table)

  yield* sql`
    CREATE TABLE organizations (
      id ${TEXT} PRIMARY KEY NOT NULL,
      name ${TEXT} NOT NULL,
      created_at ${INSTANT} NOT NULL,
      default_redirect_url ${TEXT} NOT NULL,
      redirect_domains ${NESTED} NOT NULL
    ) ${STRICT}`

  yield* sql`
    CREATE TABLE api_keys (
      key ${TEXT} PRIMARY KEY NOT NULL,
      organization_id ${TEXT} NOT NULL REFERENCES organizations (id),
      secret_hash ${TEXT} NOT NULL,
      created_at ${INSTANT} NOT NULL
    ) ${STRICT}`
  yield* sql`CREATE INDEX api_keys_organization ON api_keys (organization_id)`

  yield* sql`
    CREATE TABLE users (
      id ${TEXT} PRIMARY KEY NOT NULL,
      organization_id ${TEXT} NOT NULL REFERENCES organizations (id),
      organization_user_id ${TEXT} NOT NULL,
      email ${TEXT},
      metadata ${NESTED} NOT NULL,
      country ${TEXT},
      created_at ${INSTANT} NOT NULL,
      updated_at ${INSTANT} NOT NULL,
      UNIQUE (organization_id, organization_user_id)
    ) ${STRICT}`

  yield* sql`
    CREATE TABLE requests (
      id ${TEXT} PRIMARY KEY NOT NULL,
      organization_id ${TEXT} NOT NULL REFERENCES organizations (id),
      organization_user_id ${TEXT} NOT NULL,
      status ${TEXT} NOT NULL,
      user_right_id ${TEXT} NOT NULL,
      regulation_id ${TEXT} NOT NULL,
      source_id ${TEXT} NOT NULL,
      validation_id ${TEXT},
      created_at ${INSTANT} NOT NULL,
      updated_at ${INSTANT} NOT NULL,
      expires_at ${INSTANT} NOT NULL,
      metadata ${NESTED} NOT NULL,
      extra_message_variables ${NESTED} NOT NULL,
      source ${NESTED} NOT NULL,
      validation ${NESTED},
      request_fields ${NESTED} NOT NULL,
      version ${INTEGER} NOT NULL,
      UNIQUE (organization_id, id)
    ) ${STRICT}`
  // One index per filter and sort of the list endpoint, organisation first; `id` ends each, as it
  // ends every ORDER BY.
  yield* sql`CREATE INDEX requests_created ON requests (organization_id, created_at, id)`
  yield* sql`CREATE INDEX requests_updated ON requests (organization_id, updated_at, id)`
  yield* sql`CREATE INDEX requests_expires ON requests (organization_id, expires_at, id)`
  yield* sql`CREATE INDEX requests_status ON requests (organization_id, status, created_at, id)`
  yield* sql`CREATE INDEX requests_user_right ON requests (organization_id, user_right_id, created_at, id)`
  yield* sql`CREATE INDEX requests_regulation ON requests (organization_id, regulation_id, created_at, id)`
  yield* sql`CREATE INDEX requests_user ON requests (organization_id, organization_user_id, created_at, id)`

  yield* sql`
    CREATE TABLE links (
      id ${TEXT} PRIMARY KEY NOT NULL,
      organization_id ${TEXT} NOT NULL,
      request_id ${TEXT} NOT NULL,
      target_status ${TEXT} NOT NULL,
      action ${TEXT} NOT NULL,
      redirect_url ${TEXT} NOT NULL,
      lifetime ${INTEGER} NOT NULL,
      created_at ${INSTANT} NOT NULL,
      updated_at ${INSTANT} NOT NULL,
      expires_at ${INSTANT} NOT NULL,
      used_at ${INSTANT},
      renewed_at ${INSTANT},
      token_hash ${TEXT} NOT NULL UNIQUE,
      FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id)
    ) ${STRICT}`
  yield* sql`CREATE INDEX links_request ON links (organization_id, request_id)`

  yield* sql`
    CREATE TABLE notes (
      seq ${SEQ},
      id ${TEXT} NOT NULL UNIQUE,
      organization_id ${TEXT} NOT NULL,
      request_id ${TEXT} NOT NULL,
      value ${TEXT} NOT NULL,
      created_at ${INSTANT} NOT NULL,
      updated_at ${INSTANT} NOT NULL,
      FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id)
    ) ${STRICT}`
  yield* sql`CREATE INDEX notes_request ON notes (organization_id, request_id, created_at, seq)`

  yield* sql`
    CREATE TABLE history (
      seq ${SEQ},
      id ${TEXT} NOT NULL UNIQUE,
      organization_id ${TEXT} NOT NULL,
      request_id ${TEXT} NOT NULL,
      at ${INSTANT} NOT NULL,
      actor ${NESTED} NOT NULL,
      action ${TEXT} NOT NULL,
      from_status ${TEXT},
      to_status ${TEXT} NOT NULL,
      changes ${NESTED} NOT NULL,
      FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id)
    ) ${STRICT}`
  yield* sql`CREATE INDEX history_request ON history (organization_id, request_id, seq)`

  // `attempts`, `next_attempt_at`, `delivered_at` and `last_error` belong to the delivery worker.
  yield* sql`
    CREATE TABLE outbox (
      seq ${SEQ},
      id ${TEXT} NOT NULL UNIQUE,
      organization_id ${TEXT} NOT NULL,
      request_id ${TEXT} NOT NULL,
      kind ${TEXT} NOT NULL,
      recipient ${TEXT} NOT NULL,
      variables ${NESTED} NOT NULL,
      created_at ${INSTANT} NOT NULL,
      attempts ${INTEGER} NOT NULL DEFAULT 0,
      next_attempt_at ${INSTANT} NOT NULL,
      delivered_at ${INSTANT},
      last_error ${TEXT},
      FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id)
    ) ${STRICT}`
  yield* sql`CREATE INDEX outbox_pending ON outbox (created_at, seq) WHERE delivered_at IS NULL`
  yield* sql`CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL`
})
