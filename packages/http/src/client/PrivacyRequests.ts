import {
  type CreateLink,
  type CreateNote,
  type CreateRequest,
  type CreateWebhookEndpoint,
  dueSoonCriteria,
  type ExtendRequest,
  type Link,
  type Note,
  overdueCriteria,
  type PatchRequest,
  type Request,
  type RequestId,
  type RotateWebhookSecret,
  type UserRight,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointId,
  type WebhookEndpointWithSecret
} from "@dsar/domain"
import { Context, type Effect, Schema, type Stream } from "effect"
import {
  type ApiError,
  BadRequest,
  Conflict,
  Forbidden,
  NotAuthenticated,
  NotFound,
  PayloadTooLarge
} from "../ApiErrors.js"
import type { Evidence } from "../Evidence.js"
import type { RequestsQuery } from "../ListQuery.js"
import type { RequestEmail } from "../ports/Outbox.js"
import type { RequestPage } from "../ports/Stores.js"

/** A listing's filters and sort: every page of it. */
export type RequestsFilter = Omit<RequestsQuery, "$limit" | "$skip" | "$cursor">

/** The overdue requests at `now` (the domain's `isOverdue`), as a listing's filter. */
export const overdueFilter = (now: Date) => {
  const criteria = overdueCriteria(now)
  return {
    status: { $in: criteria.status },
    expires_at: { $lt: criteria.expires_before }
  } as const satisfies RequestsFilter
}

/** The requests due within `days` days of `now` (the domain's `isDueSoon`), as a listing's filter. */
export const dueSoonFilter = (now: Date, days: number) => {
  const criteria = dueSoonCriteria(now, days)
  return {
    status: { $in: criteria.status },
    expires_at: { $gte: criteria.expires_from, $lt: criteria.expires_before }
  } as const satisfies RequestsFilter
}

/**
 * The server could not be asked or did not answer as the contract says: unreachable, too slow,
 * a 5xx or 429 that outlasted the retries, or a body the contract cannot decode. Only a remote
 * implementation fails with it.
 */
export class TransportError extends Schema.TaggedError<TransportError>()("TransportError", {
  reason: Schema.Literal("Timeout", "Unreachable", "UnexpectedResponse"),
  message: Schema.String
}) {}

export type PrivacyRequestsError = ApiError | TransportError

const ErrorClasses = [BadRequest, NotAuthenticated, Forbidden, NotFound, Conflict, PayloadTooLarge, TransportError]

export const isPrivacyRequestsError = (value: unknown): value is PrivacyRequestsError =>
  ErrorClasses.some((ErrorClass) => value instanceof ErrorClass)

type Call<A> = Effect.Effect<A, PrivacyRequestsError>

/**
 * Privacy requests of one organisation, whether they live in this process or behind an API.
 * Inputs and results are the contract's schemas' types; refusals are the API's errors
 * (`BadRequest`, `NotFound`, `Conflict`, ...), the same from every implementation.
 */
export interface PrivacyRequestsShape {
  readonly create: (input: CreateRequest) => Call<Request>
  readonly get: (id: RequestId) => Call<Request>
  /** One page, and how many requests match in all. */
  readonly list: (query?: RequestsQuery) => Call<RequestPage>
  /** Every matching request, page after page, holding one page at a time. */
  readonly listAll: (filter?: RequestsFilter) => Stream.Stream<Request, PrivacyRequestsError>
  readonly patch: (id: RequestId, patch: PatchRequest) => Call<Request>
  /**
   * Erases the request's personal data everywhere it is stored and answers the non-personal
   * record that remains (with `erasure`); erasing again answers the same. An extension: the
   * hosted API has no such call.
   */
  readonly erase: (id: RequestId) => Call<Request>
  /**
   * The request's emails, oldest first: kind, delivery state (`failed` ones were given up),
   * attempts, last error; never the address. An extension.
   */
  readonly emails: (id: RequestId) => Call<ReadonlyArray<RequestEmail>>
  /**
   * The request's complete record for an auditor: the request, its history with each entry's
   * place and hash in the organisation's chain, link confirmations, emails, deadline, and whether
   * the chain verifies. An extension.
   */
  readonly evidence: (id: RequestId) => Call<Evidence>
  /** Queues a failed email of the request again (`Conflict` unless it is failed). An extension. */
  readonly retryEmail: (id: RequestId, message_id: string) => Call<RequestEmail>
  /**
   * Extends the request's deadline with a reason, emailed to the requester; answers the request
   * with its new `expires_at` (`Conflict` when the request or its right allows no more). An extension.
   */
  readonly extend: (id: RequestId, input: ExtendRequest) => Call<Request>
  readonly createLink: (input: CreateLink) => Call<Link>
  readonly addNote: (input: CreateNote) => Call<Note>
  /** A request's notes, oldest first. */
  readonly listNotes: (request_id: RequestId) => Call<ReadonlyArray<Note>>
  /** The rights catalogue. */
  readonly rights: Call<ReadonlyArray<UserRight>>
  /** The organisation's webhook endpoints and their deliveries (`/dsar/webhooks`). An extension. */
  readonly webhooks: {
    readonly list: Call<ReadonlyArray<WebhookEndpoint>>
    /** The answer holds the signing secret, shown only here and on rotation. */
    readonly create: (input: CreateWebhookEndpoint) => Call<WebhookEndpointWithSecret>
    readonly remove: (id: WebhookEndpointId) => Call<void>
    readonly rotateSecret: (id: WebhookEndpointId, input: RotateWebhookSecret) => Call<WebhookEndpointWithSecret>
    /** The endpoint's latest deliveries, newest first. */
    readonly deliveries: (id: WebhookEndpointId) => Call<ReadonlyArray<WebhookDelivery>>
    /** Queues a delivered or failed delivery again (`Conflict` while it is pending). */
    readonly redeliver: (id: WebhookEndpointId, delivery_id: string) => Call<WebhookDelivery>
  }
}

export class PrivacyRequests
  extends Context.Tag("@dsar/http/PrivacyRequests")<PrivacyRequests, PrivacyRequestsShape>()
{}
