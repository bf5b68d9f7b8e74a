import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// Instants are ISO-8601 text in UTC with milliseconds (`Date.toISOString`): one fixed width, so
// comparing and sorting the text is comparing and sorting the instants. JSON columns hold nested
// values nothing filters on. Child rows reference their request together with its organisation,
// so a row can never point into another tenant. `seq` records insertion order where it is read back.
export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient

  yield* sql`
    CREATE TABLE organizations (
      id TEXT PRIMARY KEY NOT NULL,
      name TEXT NOT NULL,
      created_at TEXT NOT NULL,
      default_redirect_url TEXT NOT NULL,
      redirect_domains TEXT NOT NULL
    ) STRICT`

  yield* sql`
    CREATE TABLE api_keys (
      key TEXT PRIMARY KEY NOT NULL,
      organization_id TEXT NOT NULL REFERENCES organizations (id),
      secret_hash TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT`
  yield* sql`CREATE INDEX api_keys_organization ON api_keys (organization_id)`

  yield* sql`
    CREATE TABLE users (
      id TEXT PRIMARY KEY NOT NULL,
      organization_id TEXT NOT NULL REFERENCES organizations (id),
      organization_user_id TEXT NOT NULL,
      email TEXT,
      metadata TEXT NOT NULL,
      country TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (organization_id, organization_user_id)
    ) STRICT`

  yield* sql`
    CREATE TABLE requests (
      id TEXT PRIMARY KEY NOT NULL,
      organization_id TEXT NOT NULL REFERENCES organizations (id),
      organization_user_id TEXT NOT NULL,
      status TEXT NOT NULL,
      user_right_id TEXT NOT NULL,
      regulation_id TEXT NOT NULL,
      source_id TEXT NOT NULL,
      validation_id TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      metadata TEXT NOT NULL,
      extra_message_variables TEXT NOT NULL,
      source TEXT NOT NULL,
      validation TEXT,
      request_fields TEXT NOT NULL,
      version INTEGER NOT NULL,
      UNIQUE (organization_id, id)
    ) STRICT`
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
      id TEXT PRIMARY KEY NOT NULL,
      organization_id TEXT NOT NULL,
      request_id TEXT NOT NULL,
      target_status TEXT NOT NULL,
      action TEXT NOT NULL,
      redirect_url TEXT NOT NULL,
      lifetime INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      used_at TEXT,
      renewed_at TEXT,
      token_hash TEXT NOT NULL UNIQUE,
      FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id)
    ) STRICT`
  yield* sql`CREATE INDEX links_request ON links (organization_id, request_id)`

  yield* sql`
    CREATE TABLE notes (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      organization_id TEXT NOT NULL,
      request_id TEXT NOT NULL,
      value TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id)
    ) STRICT`
  yield* sql`CREATE INDEX notes_request ON notes (organization_id, request_id, created_at, seq)`

  yield* sql`
    CREATE TABLE history (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      organization_id TEXT NOT NULL,
      request_id TEXT NOT NULL,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      from_status TEXT,
      to_status TEXT NOT NULL,
      changes TEXT NOT NULL,
      FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id)
    ) STRICT`
  yield* sql`CREATE INDEX history_request ON history (organization_id, request_id, seq)`

  // `attempts`, `next_attempt_at`, `delivered_at` and `last_error` belong to the delivery worker.
  yield* sql`
    CREATE TABLE outbox (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      organization_id TEXT NOT NULL,
      request_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      recipient TEXT NOT NULL,
      variables TEXT NOT NULL,
      created_at TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT NOT NULL,
      delivered_at TEXT,
      last_error TEXT,
      FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id)
    ) STRICT`
  yield* sql`CREATE INDEX outbox_pending ON outbox (created_at, seq) WHERE delivered_at IS NULL`
  yield* sql`CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL`
})
