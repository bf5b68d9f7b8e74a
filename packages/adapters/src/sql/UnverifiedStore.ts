import { OrganizationId, RequestId, Timestamp } from "@dsar/domain"
import { UnverifiedRequest, UnverifiedStore } from "@dsar/http"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Layer, Schema } from "effect"

const Closing = Schema.Struct({ before: Timestamp, limit: Schema.Int })
const Reminder = Schema.Struct({ after: Timestamp, before: Timestamp, limit: Schema.Int })
const Reminded = Schema.Struct({ organization_id: OrganizationId, request_id: RequestId, at: Timestamp })
const Returned = Schema.Struct({ id: Schema.String })

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  // Both read the partial index of unverified requests by receipt (migration 0020).
  const dueForClosing = SqlSchema.findAll({
    Request: Closing,
    Result: UnverifiedRequest,
    execute: ({ before, limit }) =>
      sql`SELECT organization_id, id, created_at FROM requests
          WHERE status = 'unverified' AND erasure IS NULL AND created_at <= ${before}
          ORDER BY created_at, id LIMIT ${limit}`
  })
  const dueForReminder = SqlSchema.findAll({
    Request: Reminder,
    Result: UnverifiedRequest,
    execute: ({ after, before, limit }) =>
      sql`SELECT organization_id, id, created_at FROM requests
          WHERE status = 'unverified' AND erasure IS NULL AND created_at > ${after} AND created_at <= ${before}
          AND NOT EXISTS (SELECT 1 FROM unverified_reminders WHERE unverified_reminders.request_id = requests.id)
          ORDER BY created_at, id LIMIT ${limit}`
  })
  const markReminded = SqlSchema.findAll({
    Request: Reminded,
    Result: Returned,
    execute: ({ at, organization_id, request_id }) =>
      sql`INSERT INTO unverified_reminders (request_id, organization_id, reminded_at)
          SELECT id, organization_id, ${at} FROM requests WHERE organization_id = ${organization_id} AND id = ${request_id}
          ON CONFLICT (request_id) DO NOTHING RETURNING request_id AS id`
  })

  return UnverifiedStore.of({
    dueForClosing: (before, limit) => Effect.orDie(dueForClosing({ before, limit })),
    dueForReminder: ({ after, before }, limit) => Effect.orDie(dueForReminder({ after, before, limit })),
    markReminded: (organization_id, request_id, at) =>
      Effect.orDie(Effect.map(markReminded({ organization_id, request_id, at }), (rows) => rows.length === 1))
  })
})

export const layer = Layer.effect(UnverifiedStore, make)
