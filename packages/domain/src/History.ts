import { Schema } from "effect"
import { EditableFields } from "./EditableFields.js"
import { HistoryEntryId, LinkId, OperatorId, OrganizationId, RequestId } from "./Ids.js"
import { Status } from "./Status.js"
import { Timestamp } from "./Timestamp.js"

/**
 * Who made a change: a caller holding an API key, a requester confirming a link, an operator
 * signed in to the console, or the system.
 */
export const Actor = Schema.Union(
  Schema.Struct({ type: Schema.Literal("api_key"), id: Schema.String }),
  Schema.Struct({ type: Schema.Literal("link"), id: LinkId }),
  Schema.Struct({ type: Schema.Literal("operator"), id: OperatorId }),
  Schema.Struct({ type: Schema.Literal("system"), id: Schema.String })
).annotations({
  identifier: "Actor",
  description:
    "Who made the change: `api_key` (its key), `link` (its id), `operator` (a console operator's id) or `system`."
})
export type Actor = typeof Actor.Type

export const FieldChange = Schema.Struct({
  // `expires_at` changes only by an extension (`request.extend`).
  field: Schema.Literal(...EditableFields, "expires_at"),
  from: Schema.Unknown,
  to: Schema.Unknown
}).annotations({ identifier: "FieldChange" })
export type FieldChange = typeof FieldChange.Type

/**
 * One entry of a request's append-only history: every creation and change, who made it, when,
 * and from which status to which. An extension of the hosted API.
 */
export const HistoryEntry = Schema.Struct({
  id: HistoryEntryId,
  organization_id: OrganizationId,
  request_id: RequestId,
  at: Timestamp,
  actor: Actor,
  /**
   * `email.failed`: an email to the requester was given up on (by `system`); `email.retry`: it was
   * queued again; `request.extend`: the deadline was extended, `reason` saying why.
   */
  action: Schema.Literal(
    "request.create",
    "request.update",
    "link.confirm",
    "request.erase",
    "email.failed",
    "email.retry",
    "request.extend"
  ),
  from_status: Schema.NullOr(Status),
  to_status: Status,
  changes: Schema.Array(FieldChange),
  reason: Schema.optionalWith(Schema.String, { exact: true }).annotations({
    description: "Why the change was made, when its action takes a reason (`request.extend`)."
  })
}).annotations({ identifier: "HistoryEntry" })
export type HistoryEntry = typeof HistoryEntry.Type
