import { LinkId, OrganizationId, RequestId, Status, Timestamp } from "@dsar/domain"
import { Schema } from "effect"

const optional = <S extends Schema.Schema.Any>(schema: S) => Schema.optionalWith(schema, { exact: true })

export const EmailKind = Schema.Literal("approval", "renewal", "status_notice")

export const OutboxVariables = Schema.Struct({
  link_id: optional(LinkId),
  url: optional(Schema.String),
  expires_at: optional(Schema.String),
  status: optional(Status),
  extra_message_variables: optional(Schema.Record({ key: Schema.String, value: Schema.String }))
})

/** The port's `OutboxMessage` as a schema. */
export const OutboxMessageSchema = Schema.Struct({
  id: Schema.String,
  organization_id: OrganizationId,
  request_id: RequestId,
  kind: EmailKind,
  to: Schema.String,
  created_at: Timestamp,
  variables: OutboxVariables
})
