import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/** Every migration, in order, as a fresh database runs them: written out, so a missing one fails. */
export const AllMigrations = [
  [1, "initial"],
  [2, "outbox_attempts"],
  [3, "request_counts"],
  [4, "key_revocation"],
  [5, "erasure"],
  [6, "request_recipients"],
  [7, "outbox_failed"],
  [8, "request_query_indexes"],
  [9, "history_reason"],
  [10, "refusals"],
  [11, "history_chain"],
  [12, "webhooks"],
  [14, "branded_emails"],
  [15, "duplicates"],
  [18, "keyset_indexes"],
  [19, "operators"],
  [20, "unverified_reminders"],
  [21, "organization_slug"],
  [22, "recipient_search"],
  [23, "api_key_labels"],
  [24, "open_deadlines"],
  [25, "postgres_request_counts"]
] as const

/**
 * Undoes 0012 (webhooks), for tests that go back to an earlier schema: its index covers a column
 * 0005 adds. Run after `undoRecipientSearch`, which undoes 0024's change to that index.
 */
export const undoWebhooksMigration = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`DROP INDEX requests_deadline`
  yield* sql`DROP TABLE webhook_overdue`
  yield* sql`DROP TABLE webhook_deliveries`
  yield* sql`DROP TABLE webhook_endpoints`
})

/** Undoes 0024 (the deadlines index holding open requests only): the index as 0012 made it. */
export const undoOpenDeadlines = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`DROP INDEX requests_deadline`
  yield* sql`CREATE INDEX requests_deadline ON requests (expires_at, id) WHERE erasure IS NULL`
})

/** Undoes 0025 (PostgreSQL's counts; nothing on SQLite, whose counts 0003 made). */
export const undoPostgresRequestCounts = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql.onDialectOrElse({
    pg: () =>
      Effect.gen(function*() {
        for (const trigger of ["insert", "update", "delete"]) {
          yield* sql`DROP TRIGGER ${sql(`request_counts_${trigger}`)} ON requests`
        }
        yield* sql`DROP FUNCTION request_counts_change()`
        yield* sql`DROP TABLE request_counts`
      }),
    orElse: () => Effect.void
  })
})

/** Undoes 0023 (API key labels), 0024 and 0025, for tests that go back to an earlier schema. */
export const undoApiKeyLabels = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* undoPostgresRequestCounts
  yield* undoOpenDeadlines
  yield* sql`ALTER TABLE api_keys DROP COLUMN label`
})

/** Undoes 0022 (the recipient searched by email) and those after it, for tests that go back to an earlier schema. */
export const undoRecipientSearch = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* undoApiKeyLabels
  yield* sql`DROP INDEX requests_recipient`
  yield* sql`ALTER TABLE requests DROP COLUMN recipient`
})
