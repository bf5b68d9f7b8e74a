import {
  OrganizationId,
  RequestId,
  Status,
  Timestamp,
  UserRightId,
  type WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointId,
  WebhookEventType,
  WebhookSecret
} from "@dsar/domain"
import { Context, Data, type Effect, type Option, Schema } from "effect"

/** An endpoint as stored: the resource, its signing secret, and the previous one during an overlap. */
export const StoredWebhookEndpoint = Schema.Struct({
  ...WebhookEndpoint.fields,
  secret: WebhookSecret,
  previous_secret: Schema.NullOr(WebhookSecret)
}).annotations({ identifier: "StoredWebhookEndpoint" })
export type StoredWebhookEndpoint = typeof StoredWebhookEndpoint.Type

/**
 * One event queued for one endpoint, written in the transaction of the change that causes it.
 * `payload` is the body exactly as it is sent (every attempt sends the same bytes); `id` is the
 * `webhook-id` of every attempt, so receivers drop duplicates by it.
 */
export const QueuedWebhook = Schema.Struct({
  id: Schema.String,
  organization_id: OrganizationId,
  endpoint_id: WebhookEndpointId,
  event_type: WebhookEventType,
  request_id: RequestId,
  payload: Schema.String,
  created_at: Timestamp
}).annotations({ identifier: "QueuedWebhook" })
export type QueuedWebhook = typeof QueuedWebhook.Type

/** A delivery due, as the worker needs it: the message, its attempts so far, and where and how to sign it. */
export interface DueWebhook extends QueuedWebhook {
  readonly attempts: number
  readonly url: string
  readonly secret: string
  readonly previous_secret: string | null
  readonly previous_secret_expires_at: Date | null
}

/** A failed attempt: when, why, the HTTP status if the receiver answered, and (unless given up) when to try again. */
export interface WebhookFailure {
  readonly at: Date
  readonly error: string
  readonly status: number | null
}

/** A request past its deadline whose `request.overdue` event was not emitted yet. */
export const OverdueRequest = Schema.Struct({
  id: RequestId,
  organization_id: OrganizationId,
  user_right_id: UserRightId,
  status: Status,
  expires_at: Timestamp
})
export type OverdueRequest = typeof OverdueRequest.Type

/**
 * Webhook endpoints and their deliveries: a transactional outbox of its own, beside the emails'.
 * Services `enqueue` inside the change's transaction; the `WebhookWorker` takes what is `due`,
 * `claim`s it (a lease, so several servers on one database do not all send it), and marks it
 * delivered or failed, and given up on after the bounded number of attempts (a dead letter until
 * `redeliver`).
 */
export class WebhooksStore extends Context.Tag("@dsar/http/WebhooksStore")<
  WebhooksStore,
  {
    readonly insertEndpoint: (endpoint: StoredWebhookEndpoint) => Effect.Effect<void>
    /** The organisation's endpoints, oldest first. */
    readonly listEndpoints: (organization_id: OrganizationId) => Effect.Effect<ReadonlyArray<StoredWebhookEndpoint>>
    readonly findEndpoint: (
      organization_id: OrganizationId,
      id: WebhookEndpointId
    ) => Effect.Effect<Option.Option<StoredWebhookEndpoint>>
    /** Deletes the endpoint and its deliveries (pending ones are not sent); false when it has no such endpoint. */
    readonly deleteEndpoint: (organization_id: OrganizationId, id: WebhookEndpointId) => Effect.Effect<boolean>
    /** Replaces the endpoint's secrets (the rotated one becomes `previous_secret` until it expires); false when unknown. */
    readonly rotateSecret: (
      organization_id: OrganizationId,
      id: WebhookEndpointId,
      rotation: {
        readonly secret: string
        readonly previous_secret: string | null
        readonly previous_secret_expires_at: Date | null
        readonly at: Date
      }
    ) => Effect.Effect<boolean>
    /** Queues a delivery, due at once. Dies unless its endpoint is the organisation's. */
    readonly enqueue: (delivery: QueuedWebhook) => Effect.Effect<void>
    /** Pending deliveries due at `now`, oldest first (`created_at`, then insertion order), at most `limit`. */
    readonly due: (now: Date, limit: number) => Effect.Effect<ReadonlyArray<DueWebhook>>
    /** Compare-and-set of `next_attempt_at` from at or before `now` to `until`: true for the one caller that took it. */
    readonly claim: (id: string, lease: { readonly now: Date; readonly until: Date }) => Effect.Effect<boolean>
    /** A 2xx answer: delivered, one more attempt. Nothing happens to a delivery no longer pending. */
    readonly markDelivered: (id: string, outcome: { readonly at: Date; readonly status: number }) => Effect.Effect<void>
    /** A failed attempt, due again at `next_attempt_at`. Nothing happens to a delivery no longer pending. */
    readonly markFailed: (
      id: string,
      failure: WebhookFailure & { readonly next_attempt_at: Date }
    ) => Effect.Effect<void>
    /** The last failed attempt: state `failed` (a dead letter), out of `due` until redelivered. */
    readonly markDead: (id: string, failure: WebhookFailure) => Effect.Effect<void>
    /** The endpoint's delivery log, newest first, at most `limit`. */
    readonly listDeliveries: (
      organization_id: OrganizationId,
      endpoint_id: WebhookEndpointId,
      limit: number
    ) => Effect.Effect<ReadonlyArray<WebhookDelivery>>
    readonly findDelivery: (
      organization_id: OrganizationId,
      endpoint_id: WebhookEndpointId,
      id: string
    ) => Effect.Effect<Option.Option<WebhookDelivery>>
    /**
     * Queues a delivered or failed delivery again, the same `webhook-id` and body: pending, due at
     * `now`, attempts from 0. False, and nothing written, when it is unknown or still pending.
     */
    readonly redeliver: (
      organization_id: OrganizationId,
      endpoint_id: WebhookEndpointId,
      id: string,
      now: Date
    ) => Effect.Effect<boolean>
    /**
     * Requests of every organisation still open (`OpenStatuses`), not erased, whose deadline is
     * before `now`, and whose `request.overdue` was not emitted: earliest deadline first, at most `limit`.
     */
    readonly overdue: (now: Date, limit: number) => Effect.Effect<ReadonlyArray<OverdueRequest>>
    /** Records that the request's `request.overdue` was emitted; false when it was already (once per request). */
    readonly markOverdueEmitted: (
      organization_id: OrganizationId,
      request_id: RequestId,
      at: Date
    ) => Effect.Effect<boolean>
  }
>() {}

/** A delivery attempt that got no 2xx answer: refused address, connection error, timeout, or the status. */
export class WebhookSendError extends Data.TaggedError("WebhookSendError")<{
  readonly message: string
  /** The receiver's HTTP status, when it answered. */
  readonly status: number | null
}> {}

/** Sends one signed webhook: a POST of `body` with `headers` to `url`. Succeeds on a 2xx answer only. */
export class WebhookSender extends Context.Tag("@dsar/http/WebhookSender")<
  WebhookSender,
  {
    readonly send: (request: {
      readonly url: string
      readonly headers: Readonly<Record<string, string>>
      readonly body: string
    }) => Effect.Effect<{ readonly status: number }, WebhookSendError>
  }
>() {}

/**
 * Whether webhook targets may be private or loopback addresses: off unless the deployment says so
 * (`WEBHOOKS_ALLOW_PRIVATE_TARGETS`, for local development and tests).
 */
export class WebhookTargets extends Context.Reference<WebhookTargets>()("@dsar/http/WebhookTargets", {
  defaultValue: () => ({ allowPrivate: false })
}) {}
