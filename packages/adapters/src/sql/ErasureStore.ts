import type { OrganizationUserId } from "@dsar/domain"
import { FieldChange, OrganizationId, RequestId, Status, Timestamp } from "@dsar/domain"
import { ErasureStore } from "@dsar/http"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Layer, Schema } from "effect"

const Key = Schema.Struct({ organization_id: OrganizationId, request_id: RequestId })
const HistoryChanges = Schema.Struct({ id: Schema.String, changes: Schema.parseJson(Schema.Array(FieldChange)) })
const Expired = Schema.Struct({ organization_id: OrganizationId, id: RequestId, status: Status, updated_at: Timestamp })
const ExpiredQuery = Schema.Struct({ statuses: Schema.Array(Status), before: Timestamp, limit: Schema.Int })

/** The tables holding a request's rows, vacuumed after erasures on PostgreSQL. */
const TABLES = ["requests", "users", "links", "notes", "history", "outbox"]

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const historyOf = SqlSchema.findAll({
    Request: Key,
    Result: HistoryChanges,
    execute: (key) =>
      sql`SELECT id, changes FROM history WHERE organization_id = ${key.organization_id} AND request_id = ${key.request_id}`
  })
  const rewriteHistory = SqlSchema.void({
    Request: HistoryChanges,
    // A reason is free text: it goes with the values.
    execute: (row) => sql`UPDATE history SET changes = ${row.changes}, reason = NULL WHERE id = ${row.id}`
  })

  const eraseDependents = (
    organization_id: OrganizationId,
    request_id: RequestId,
    organization_user_id: OrganizationUserId,
    redact: (change: FieldChange) => FieldChange
  ) =>
    Effect.gen(function*() {
      const key = { organization_id, request_id }
      yield* sql`DELETE FROM notes WHERE organization_id = ${organization_id} AND request_id = ${request_id}`
      yield* sql`DELETE FROM links WHERE organization_id = ${organization_id} AND request_id = ${request_id}`
      yield* sql`DELETE FROM outbox WHERE organization_id = ${organization_id} AND request_id = ${request_id}`
      const entries = yield* historyOf(key)
      yield* Effect.forEach(entries, (entry) => rewriteHistory({ id: entry.id, changes: entry.changes.map(redact) }), {
        discard: true
      })
      yield* sql`
        DELETE FROM users WHERE organization_id = ${organization_id} AND organization_user_id = ${organization_user_id}
        AND NOT EXISTS (
          SELECT 1 FROM requests WHERE organization_id = ${organization_id} AND organization_user_id = ${organization_user_id}
        )`
    })

  const expired = SqlSchema.findAll({
    Request: ExpiredQuery,
    Result: Expired,
    execute: ({ statuses, before, limit }) =>
      sql`
      SELECT organization_id, id, status, updated_at FROM requests
      WHERE erasure IS NULL AND ${sql.in("status", statuses)} AND updated_at < ${before}
      ORDER BY updated_at, id LIMIT ${limit}`
  })

  // SQLite overwrites deleted content with zeros (`secure_delete`, set on every connection), but
  // the pages as they were before stay in the write-ahead log until it is checkpointed and
  // truncated. PostgreSQL keeps dead row versions, and the index entries pointing at them, in its
  // pages: a plain VACUUM marks that space free but leaves the bytes (the reliability suite's file
  // search finds them), so the tables are rewritten (VACUUM FULL, which locks each table while
  // it copies it; erasures are rare, and the retention worker scrubs once per pass).
  const scrub = sql.onDialectOrElse({
    pg: () => sql.unsafe(`VACUUM FULL ${TABLES.join(", ")}`),
    orElse: () => sql`PRAGMA wal_checkpoint(TRUNCATE)`
  })

  return ErasureStore.of({
    eraseDependents: (organization_id, request_id, organization_user_id, redact) =>
      Effect.orDie(eraseDependents(organization_id, request_id, organization_user_id, redact)),
    expired: (statuses, before, limit) => Effect.orDie(expired({ statuses, before, limit })),
    scrub: Effect.orDie(Effect.asVoid(scrub))
  })
})

export const layer = Layer.effect(ErasureStore, make)
