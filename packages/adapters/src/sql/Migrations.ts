import { SqlClient } from "@effect/sql"
import * as Migrator from "@effect/sql/Migrator"
import { Effect } from "effect"
import initial from "./migrations/0001_initial.js"
import outboxAttempts from "./migrations/0002_outbox_attempts.js"
import requestCounts from "./migrations/0003_request_counts.js"
import keyRevocation from "./migrations/0004_key_revocation.js"
import erasure from "./migrations/0005_erasure.js"
import requestRecipients from "./migrations/0006_request_recipients.js"
import outboxFailed from "./migrations/0007_outbox_failed.js"
import requestQueryIndexes from "./migrations/0008_request_query_indexes.js"
import historyReason from "./migrations/0009_history_reason.js"
import refusals from "./migrations/0010_refusals.js"
import historyChain from "./migrations/0011_history_chain.js"
import webhooks from "./migrations/0012_webhooks.js"
import brandedEmails from "./migrations/0014_branded_emails.js"
import duplicates from "./migrations/0015_duplicates.js"
import keysetIndexes from "./migrations/0018_keyset_indexes.js"
import operators from "./migrations/0019_operators.js"
import unverifiedReminders from "./migrations/0020_unverified_reminders.js"
import organizationSlug from "./migrations/0021_organization_slug.js"
import recipientSearch from "./migrations/0022_recipient_search.js"
import apiKeyLabels from "./migrations/0023_api_key_labels.js"
import openDeadlines from "./migrations/0024_open_deadlines.js"
import postgresRequestCounts from "./migrations/0025_postgres_request_counts.js"

/** The migrator's bookkeeping table, as `@effect/sql`'s migrator names it. */
const TABLE = "effect_sql_migrations"

/**
 * `@effect/sql`'s own migrator, without the file-system loader and the schema dump of
 * `SqliteMigrator` / `PgMigrator`, which would need a file system and `sqlite3` / `pg_dump`.
 */
const run = Migrator.make({})({
  loader: Migrator.fromRecord({
    "0001_initial": initial,
    "0002_outbox_attempts": outboxAttempts,
    "0003_request_counts": requestCounts,
    "0004_key_revocation": keyRevocation,
    "0005_erasure": erasure,
    "0006_request_recipients": requestRecipients,
    "0007_outbox_failed": outboxFailed,
    "0008_request_query_indexes": requestQueryIndexes,
    "0009_history_reason": historyReason,
    "0010_refusals": refusals,
    "0011_history_chain": historyChain,
    "0012_webhooks": webhooks,
    "0014_branded_emails": brandedEmails,
    "0015_duplicates": duplicates,
    "0018_keyset_indexes": keysetIndexes,
    "0019_operators": operators,
    "0020_unverified_reminders": unverifiedReminders,
    "0021_organization_slug": organizationSlug,
    "0022_recipient_search": recipientSearch,
    "0023_api_key_labels": apiKeyLabels,
    "0024_open_deadlines": openDeadlines,
    "0025_postgres_request_counts": postgresRequestCounts
  }),
  table: TABLE
})

/** A number of our own for the advisory lock, next to a hash of the schema being migrated. */
const LOCK_CLASS = 0x64736172 // "dsar"

/**
 * On PostgreSQL, several servers may start at once on one database. The migrator alone is not
 * safe then: it creates its table after a failed lookup (two processes can both try, and one
 * fails) before taking its table lock. So the whole run is one transaction holding an advisory
 * lock for the schema being migrated (`current_schema()`): the others wait, then find nothing
 * pending. The migrator's table is created inside it when missing, as the migrator would create
 * it, and the migrator's own transaction becomes a savepoint of this one. DDL is transactional
 * there, so a failed migration leaves no half-made schema behind.
 */
const runLocked = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`SELECT pg_advisory_xact_lock(${LOCK_CLASS}, hashtext(coalesce(current_schema(), '')))`
  const [table] = yield* sql<{ readonly present: boolean }>`SELECT to_regclass(${TABLE}) IS NOT NULL AS present`
  if (table?.present !== true) {
    yield* sql`
      CREATE TABLE ${sql(TABLE)} (
        migration_id integer primary key,
        created_at timestamp with time zone not null default now(),
        name text not null
      )`
  }
  return yield* run
})

/**
 * Brings the database's schema up to date, SQLite or PostgreSQL; returns the migrations it ran
 * (none when current). Safe to run from several processes at once on one PostgreSQL database.
 */
export const migrate = Effect.flatMap(SqlClient.SqlClient, (sql) =>
  sql.onDialectOrElse({
    pg: () => sql.withTransaction(runLocked),
    orElse: () => run
  }))
