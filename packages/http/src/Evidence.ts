import {
  ChainVerification,
  HistoryEntryId,
  HistoryRecord,
  isOverdue,
  LinkId,
  Request,
  Status,
  Timestamp
} from "@dsar/domain"
import { Schema } from "effect"
import { RequestEmail } from "./ports/Outbox.js"

/** A requester's confirmation of an approval link, as the history recorded it. */
export const LinkConfirmation = Schema.Struct({
  at: Timestamp,
  link_id: LinkId,
  from_status: Schema.NullOr(Status),
  to_status: Status,
  history_entry_id: HistoryEntryId
}).annotations({ identifier: "LinkConfirmation" })
export type LinkConfirmation = typeof LinkConfirmation.Type

/** When the request was received and by when it must be answered, as of the record's making. */
export const EvidenceDeadline = Schema.Struct({
  received_at: Timestamp,
  expires_at: Timestamp,
  overdue: Schema.Boolean
}).annotations({ identifier: "EvidenceDeadline" })
export type EvidenceDeadline = typeof EvidenceDeadline.Type

/**
 * One request's complete record for an auditor (`GET /dsar/requests/{id}/evidence`): the request
 * as it is, every change with who, when and how (each entry with its place and hash in the
 * organisation's chain), the requester's link confirmations, every email with its times and its
 * Message-ID's local part (`id`), the deadline, and whether the organisation's history chain
 * verifies. An extension of the hosted API.
 */
export const Evidence = Schema.Struct({
  generated_at: Timestamp,
  request: Request,
  deadline: EvidenceDeadline,
  history: Schema.Array(HistoryRecord),
  link_confirmations: Schema.Array(LinkConfirmation),
  emails: Schema.Array(RequestEmail),
  chain: ChainVerification
}).annotations({ identifier: "Evidence" })
export type Evidence = typeof Evidence.Type

/** The link confirmations among a request's history entries. */
export const linkConfirmations = (history: ReadonlyArray<HistoryRecord>): ReadonlyArray<LinkConfirmation> =>
  history.flatMap((entry) =>
    entry.action === "link.confirm" && entry.actor.type === "link"
      ? [{
        at: entry.at,
        link_id: entry.actor.id,
        from_status: entry.from_status,
        to_status: entry.to_status,
        history_entry_id: entry.id
      }]
      : []
  )

/** The record of `request` made at `now` from what is stored about it. */
export const makeEvidence = (input: {
  readonly now: Date
  readonly request: Request
  readonly history: ReadonlyArray<HistoryRecord>
  readonly emails: ReadonlyArray<RequestEmail>
  readonly chain: ChainVerification
}): Evidence => ({
  generated_at: input.now,
  request: input.request,
  deadline: {
    received_at: input.request.created_at,
    expires_at: input.request.expires_at,
    overdue: isOverdue(input.request, input.now)
  },
  history: input.history,
  link_confirmations: linkConfirmations(input.history),
  emails: input.emails,
  chain: input.chain
})
