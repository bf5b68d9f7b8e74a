import {
  Actor,
  ChainVerification,
  HistoryEntryId,
  HistoryRecord,
  isOverdue,
  LinkId,
  receiptDueBy,
  Refusal,
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

/** An extension of the deadline, as the history recorded it: who, when, from which date to which, why. */
export const EvidenceExtension = Schema.Struct({
  at: Timestamp,
  actor: Actor,
  from: Timestamp,
  to: Timestamp,
  reason: Schema.String,
  history_entry_id: HistoryEntryId
}).annotations({ identifier: "EvidenceExtension" })
export type EvidenceExtension = typeof EvidenceExtension.Type

/**
 * When the request was received and by when it must be answered, as of the record's making: the
 * first deadline (at receipt), every extension, the deadline now.
 */
export const EvidenceDeadline = Schema.Struct({
  received_at: Timestamp,
  first_expires_at: Timestamp,
  extensions: Schema.Array(EvidenceExtension),
  expires_at: Timestamp,
  overdue: Schema.Boolean
}).annotations({ identifier: "EvidenceDeadline" })
export type EvidenceDeadline = typeof EvidenceDeadline.Type

/**
 * Whether the request's law asks its receipt to be confirmed, by when, and when the receipt email
 * was queued (the `emails` say how its delivery went); `due_by` and `confirmed_at` are null when
 * the law does not ask, `confirmed_at` also while none was sent.
 */
export const EvidenceReceipt = Schema.Struct({
  asked: Schema.Boolean,
  due_by: Schema.NullOr(Timestamp),
  confirmed_at: Schema.NullOr(Timestamp)
}).annotations({ identifier: "EvidenceReceipt" })
export type EvidenceReceipt = typeof EvidenceReceipt.Type

/**
 * One request's complete record for an auditor (`GET /dsar/requests/{id}/evidence`): the request
 * as it is, every change with who, when and how (each entry with its place and hash in the
 * organisation's chain), the requester's link confirmations, every email with its times and its
 * Message-ID's local part (`id`), the deadline and its extensions, the receipt, the refusal's
 * reason, and whether the organisation's history chain verifies. An extension of the hosted API.
 */
export const Evidence = Schema.Struct({
  generated_at: Timestamp,
  request: Request,
  deadline: EvidenceDeadline,
  receipt: EvidenceReceipt,
  refusal: Schema.NullOr(Refusal),
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

/** The extensions among a request's history entries, oldest first. */
export const extensionsOf = (history: ReadonlyArray<HistoryRecord>): ReadonlyArray<EvidenceExtension> =>
  history.flatMap((entry) =>
    entry.action === "request.extend"
      ? entry.changes.filter((change) => change.field === "expires_at").map((change) => ({
        at: entry.at,
        actor: entry.actor,
        from: new Date(String(change.from)),
        to: new Date(String(change.to)),
        reason: entry.reason ?? "",
        history_entry_id: entry.id
      }))
      : []
  )

/** The record of `request` made at `now` from what is stored about it. */
export const makeEvidence = (input: {
  readonly now: Date
  readonly request: Request
  readonly history: ReadonlyArray<HistoryRecord>
  readonly emails: ReadonlyArray<RequestEmail>
  readonly chain: ChainVerification
}): Evidence => {
  const { request } = input
  const extensions = extensionsOf(input.history)
  const dueBy = receiptDueBy(request.user_right_id, request.created_at)
  const receipt = input.emails.find((email) => email.kind === "receipt")
  return {
    generated_at: input.now,
    request,
    deadline: {
      received_at: request.created_at,
      first_expires_at: extensions[0]?.from ?? request.expires_at,
      extensions,
      expires_at: request.expires_at,
      overdue: isOverdue(request, input.now)
    },
    receipt: {
      asked: dueBy !== null,
      due_by: dueBy,
      confirmed_at: dueBy === null ? null : receipt?.created_at ?? null
    },
    refusal: request.refusal ?? null,
    history: input.history,
    link_confirmations: linkConfirmations(input.history),
    emails: input.emails,
    chain: input.chain
  }
}
