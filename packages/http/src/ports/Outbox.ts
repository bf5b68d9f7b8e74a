import { LinkId, OrganizationId, RequestId, Status, Timestamp } from "@dsar/domain"
import { Context, type Effect, Schema } from "effect"

const optional = <A, I>(schema: Schema.Schema<A, I>) => Schema.optionalWith(schema, { exact: true })

export const EmailKind = Schema.Literal("approval", "renewal", "status_notice")
export type EmailKind = typeof EmailKind.Type

/**
 * An email to the requester, written in the same transaction as the change that causes it and
 * delivered later by a worker; `id` doubles as the message id receivers use to drop duplicates.
 */
export const OutboxMessage = Schema.Struct({
  id: Schema.String,
  organization_id: OrganizationId,
  request_id: RequestId,
  kind: EmailKind,
  to: Schema.String,
  created_at: Timestamp,
  /** What the template needs: the link and its expiry, the new status, extra message variables. */
  variables: Schema.Struct({
    link_id: optional(LinkId),
    url: optional(Schema.String),
    expires_at: optional(Schema.String),
    status: optional(Status),
    extra_message_variables: optional(Schema.Record({ key: Schema.String, value: Schema.String }))
  })
}).annotations({ identifier: "OutboxMessage" })
export type OutboxMessage = typeof OutboxMessage.Type

export class Outbox extends Context.Tag("@dsar/http/Outbox")<
  Outbox,
  {
    readonly enqueue: (message: OutboxMessage) => Effect.Effect<void>
    /** Messages not delivered yet, oldest first. */
    readonly pending: (limit: number) => Effect.Effect<ReadonlyArray<OutboxMessage>>
  }
>() {}
