import { LinkId, OrganizationId, Refusal, RequestId, Status, Timestamp } from "@dsar/domain"
import { Context, type Effect, Schema } from "effect"

const optional = <A, I>(schema: Schema.Schema<A, I>) => Schema.optionalWith(schema, { exact: true })

export const EmailKind = Schema.Literal(
  "approval",
  "renewal",
  "reminder",
  "receipt",
  "status_notice",
  "extension_notice"
)
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
  /**
   * What the template needs: the link and its expiry, the new status, extra message variables;
   * for a refusal, its reason and the request's regulation (which says what else it must tell).
   */
  variables: Schema.Struct({
    link_id: optional(LinkId),
    url: optional(Schema.String),
    expires_at: optional(Schema.String),
    /** A reminder's: when the request is closed unless it is confirmed. */
    closes_at: optional(Schema.String),
    status: optional(Status),
    /** An extension's new deadline and its reason (kind `extension_notice`). */
    deadline: optional(Schema.String),
    reason: optional(Schema.String),
    extra_message_variables: optional(Schema.Record({ key: Schema.String, value: Schema.String })),
    refusal: optional(Refusal),
    regulation_id: optional(Schema.String)
  })
}).annotations({ identifier: "OutboxMessage" })
export type OutboxMessage = typeof OutboxMessage.Type

/** The delivery worker's bookkeeping of a message not delivered yet. */
export const DeliveryState = Schema.Struct({
  /** Delivery attempts made so far (each failed one, as the message is not delivered yet). */
  attempts: Schema.NonNegativeInt,
  /** The message is due from this instant on: `created_at` at first, moved on by each failure. */
  next_attempt_at: Timestamp,
  last_attempt_at: Schema.NullOr(Timestamp),
  /** Why the last attempt failed, when one did. */
  last_error: Schema.NullOr(Schema.String)
})
export type DeliveryState = typeof DeliveryState.Type

/** A message waiting for delivery, with its bookkeeping, as `Outbox.due` lists it. */
export const QueuedMessage = Schema.Struct({ ...OutboxMessage.fields, ...DeliveryState.fields }).annotations({
  identifier: "QueuedMessage"
})
export type QueuedMessage = typeof QueuedMessage.Type

/**
 * Where a message stands: `pending` (queued, attempts may have failed), `delivered`, or `failed`:
 * given up on after a permanent refusal or too many attempts (a dead letter), not tried again
 * unless asked (`Outbox.retry`).
 */
export const EmailState = Schema.Literal("pending", "delivered", "failed")
export type EmailState = typeof EmailState.Type

/**
 * One email of a request as its API shows it: what it is and how its delivery went, without its
 * recipient or content. An extension of the hosted API.
 */
export const RequestEmail = Schema.Struct({
  id: Schema.String,
  request_id: RequestId,
  kind: EmailKind,
  state: EmailState,
  created_at: Timestamp,
  /** Attempts since it was queued, or since it was last retried on demand. */
  attempts: Schema.NonNegativeInt,
  last_attempt_at: Schema.NullOr(Timestamp),
  /** Why the last attempt failed (the SMTP server's reply, say), when one did. */
  last_error: Schema.NullOr(Schema.String),
  delivered_at: Schema.NullOr(Timestamp),
  failed_at: Schema.NullOr(Timestamp)
}).annotations({ identifier: "RequestEmail" })
export type RequestEmail = typeof RequestEmail.Type

/** A failed delivery attempt: when it ended, why, and when to try again. */
export interface DeliveryFailure {
  readonly at: Date
  readonly error: string
  readonly next_attempt_at: Date
}

/**
 * The transactional outbox. Services `enqueue` inside their transaction; the delivery worker
 * (`OutboxWorker`) reads what is `due`, `claim`s each message, sends it, and marks it delivered or
 * failed, and given up on (`markUndeliverable`) when it can never be delivered. A message is removed
 * only when its request is erased: delivered ones keep `delivered_at`, failed ones `failed_at`.
 */
export class Outbox extends Context.Tag("@dsar/http/Outbox")<
  Outbox,
  {
    /** Queues a message, due at once (`next_attempt_at` = `created_at`, no attempt yet). */
    readonly enqueue: (message: OutboxMessage) => Effect.Effect<void>
    /**
     * Pending messages (neither delivered nor failed) whose `next_attempt_at` is at or before `now`, oldest first
     * (`created_at`, then insertion order), at most `limit`.
     */
    readonly due: (now: Date, limit: number) => Effect.Effect<ReadonlyArray<QueuedMessage>>
    /**
     * Takes a due message for one attempt: compare-and-set of `next_attempt_at` from at or before
     * `now` to `until`, so that other workers (other server processes) leave it alone until then.
     * `true` for the one caller that took it; `false` when it is delivered, failed, unknown, or
     * already taken. A worker that dies during the attempt leaves the message due again at `until`.
     */
    readonly claim: (id: string, lease: { readonly now: Date; readonly until: Date }) => Effect.Effect<boolean>
    /**
     * Records a successful attempt: `delivered_at`, one more attempt, and the link's `url` removed
     * from the variables (it carries a live token; the link's digest is in `links`). A delivered
     * message stays delivered.
     */
    readonly markDelivered: (id: string, at: Date) => Effect.Effect<void>
    /**
     * Records a failed attempt: one more attempt, its error, and when the message is due again.
     * Does nothing to a message already delivered (by another worker, say) or failed.
     */
    readonly markFailed: (id: string, failure: DeliveryFailure) => Effect.Effect<void>
    /**
     * Records a last failed attempt and gives the message up: one more attempt, its error, state
     * `failed` (`failed_at`), out of `due` until `retry`. Does nothing to a delivered message.
     */
    readonly markUndeliverable: (
      id: string,
      failure: { readonly at: Date; readonly error: string }
    ) => Effect.Effect<void>
    /** The request's messages, oldest first (`created_at`, then insertion order). */
    readonly listByRequest: (
      organization_id: OrganizationId,
      request_id: RequestId
    ) => Effect.Effect<ReadonlyArray<RequestEmail>>
    /**
     * Queues a failed message of the request again: `pending`, due at `now`, its attempts counted
     * from 0 again (the last error kept). `false`, and nothing written, unless it is `failed`.
     */
    readonly retry: (
      organization_id: OrganizationId,
      request_id: RequestId,
      id: string,
      now: Date
    ) => Effect.Effect<boolean>
  }
>() {}
