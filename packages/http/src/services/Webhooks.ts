import {
  type CreateWebhookEndpoint,
  DefaultSecretOverlapSeconds,
  type OrganizationId,
  overdueEvent,
  type RotateWebhookSecret,
  subscribes,
  type WebhookEndpoint,
  WebhookEndpointId,
  type WebhookEndpointWithSecret,
  WebhookPayload,
  webhookTargetProblem
} from "@dsar/domain"
import { Duration, Effect, Layer, Option, Schedule, Schema } from "effect"
import { BadRequest, Conflict, notFound } from "../ApiErrors.js"
import { IdGenerator } from "../ports/Crypto.js"
import { Transactor } from "../ports/Stores.js"
import { type StoredWebhookEndpoint, WebhooksStore, WebhookTargets } from "../ports/Webhooks.js"
import { currentDate } from "../Time.js"

const encodePayload = Schema.encodeSync(Schema.parseJson(WebhookPayload))

/**
 * Queues each event for every endpoint of its organisation subscribed to it, inside the caller's
 * transaction: the events of a change are written with it, or not at all.
 */
export const emitWebhooks = (events: ReadonlyArray<WebhookPayload>) =>
  Effect.gen(function*() {
    if (events.length === 0) return
    const store = yield* WebhooksStore
    const ids = yield* IdGenerator
    const endpoints = yield* store.listEndpoints(events[0]!.data.organization_id)
    for (const event of events) {
      const subscribed = endpoints.filter((endpoint) => subscribes(endpoint, event.type))
      // Encoded only when some endpoint receives it: most changes of most organisations go to none.
      if (subscribed.length === 0) continue
      const payload = encodePayload(event)
      for (const endpoint of subscribed) {
        yield* store.enqueue({
          id: yield* ids.make("msg"),
          organization_id: endpoint.organization_id,
          endpoint_id: endpoint.id,
          event_type: event.type,
          request_id: event.data.request_id,
          payload,
          created_at: event.timestamp
        })
      }
    }
  })

/** The endpoint as the API shows it: without its secrets. */
const resource = (
  { previous_secret: _previous, secret: _secret, ...endpoint }: StoredWebhookEndpoint
): WebhookEndpoint => endpoint

const withSecret = (endpoint: StoredWebhookEndpoint): WebhookEndpointWithSecret => ({
  ...resource(endpoint),
  secret: endpoint.secret
})

/** A Standard Webhooks secret: `whsec_` and the base64 (not base64url) of 256 random bits. */
const newSecret = (ids: typeof IdGenerator.Service) =>
  Effect.map(ids.token, (token) => {
    const base64 = token.replace(/-/g, "+").replace(/_/g, "/")
    return `whsec_${base64}${"=".repeat((4 - (base64.length % 4)) % 4)}`
  })

/** Deliveries a delivery log shows at most. */
export const DeliveryLogLimit = 100

export class WebhooksService extends Effect.Service<WebhooksService>()("@dsar/http/WebhooksService", {
  effect: Effect.gen(function*() {
    const store = yield* WebhooksStore
    const ids = yield* IdGenerator
    const transactor = yield* Transactor
    const targets = yield* WebhookTargets

    const find = (organization_id: OrganizationId, id: WebhookEndpointId) =>
      Effect.flatMap(
        store.findEndpoint(organization_id, id),
        Option.match({ onNone: () => Effect.fail(notFound("webhook endpoint", id)), onSome: Effect.succeed })
      )

    const create = (organization_id: OrganizationId, input: CreateWebhookEndpoint) =>
      Effect.gen(function*() {
        const problem = webhookTargetProblem(input.url, targets)
        if (problem !== undefined) {
          return yield* Effect.fail(
            new BadRequest({ message: `url ${problem}`, errors: [{ path: "url", message: problem }] })
          )
        }
        const at = yield* currentDate
        const endpoint: StoredWebhookEndpoint = {
          id: WebhookEndpointId.make(yield* ids.make("whk")),
          organization_id,
          url: input.url,
          event_types: input.event_types,
          description: input.description ?? null,
          created_at: at,
          updated_at: at,
          previous_secret_expires_at: null,
          secret: yield* newSecret(ids),
          previous_secret: null
        }
        yield* store.insertEndpoint(endpoint)
        return withSecret(endpoint)
      })

    /**
     * A new secret signs from now on; the one it replaces signs too for `overlap_seconds` (both
     * signatures in `webhook-signature`), so receivers can switch without losing an event. A
     * secret still in its overlap from an earlier rotation is dropped.
     */
    const rotate = (organization_id: OrganizationId, id: WebhookEndpointId, input: RotateWebhookSecret) =>
      Effect.gen(function*() {
        const current = yield* find(organization_id, id)
        const at = yield* currentDate
        const overlap = input.overlap_seconds ?? DefaultSecretOverlapSeconds
        const rotation = {
          secret: yield* newSecret(ids),
          previous_secret: overlap === 0 ? null : current.secret,
          previous_secret_expires_at: overlap === 0 ? null : new Date(at.getTime() + overlap * 1000),
          at
        }
        if (!(yield* store.rotateSecret(organization_id, id, rotation))) {
          return yield* Effect.fail(notFound("webhook endpoint", id))
        }
        return withSecret({ ...current, ...rotation, updated_at: at })
      })

    const remove = (organization_id: OrganizationId, id: WebhookEndpointId) =>
      Effect.flatMap(
        store.deleteEndpoint(organization_id, id),
        (deleted) => (deleted ? Effect.void : Effect.fail(notFound("webhook endpoint", id)))
      )

    const deliveries = (organization_id: OrganizationId, id: WebhookEndpointId) =>
      Effect.zipRight(find(organization_id, id), store.listDeliveries(organization_id, id, DeliveryLogLimit))

    /** Sends a delivered or failed delivery again (same `webhook-id`, same body); 409 while it is pending. */
    const redeliver = (organization_id: OrganizationId, id: WebhookEndpointId, delivery_id: string) =>
      transactor.withTransaction(
        Effect.gen(function*() {
          yield* find(organization_id, id)
          const found = yield* store.findDelivery(organization_id, id, delivery_id)
          if (Option.isNone(found)) return yield* Effect.fail(notFound("webhook delivery", delivery_id))
          const delivery = found.value
          const at = yield* currentDate
          if (delivery.state === "pending" || !(yield* store.redeliver(organization_id, id, delivery_id, at))) {
            return yield* Effect.fail(
              new Conflict({
                message: `Delivery ${delivery_id} is pending; it is being delivered already`,
                errors: [{ path: "delivery_id", message: "is pending" }]
              })
            )
          }
          return { ...delivery, state: "pending" as const, attempts: 0, delivered_at: null, failed_at: null }
        })
      )

    return {
      create,
      list: (organization_id: OrganizationId) =>
        Effect.map(store.listEndpoints(organization_id), (endpoints) => endpoints.map(resource)),
      get: (organization_id: OrganizationId, id: WebhookEndpointId) => Effect.map(find(organization_id, id), resource),
      remove,
      rotate,
      deliveries,
      redeliver
    } as const
  })
}) {}

/** Requests marked overdue per transaction by the sweep. */
const OVERDUE_BATCH = 100

/**
 * Emits `request.overdue` once for every open request past its deadline: the mark and the events
 * are written in one transaction, so of several servers sweeping at once one emits.
 */
export const sweepOverdue = Effect.gen(function*() {
  const store = yield* WebhooksStore
  const transactor = yield* Transactor
  let emitted = 0
  while (true) {
    const at = yield* currentDate
    const batch = yield* store.overdue(at, OVERDUE_BATCH)
    for (const request of batch) {
      const first = yield* transactor.withTransaction(
        Effect.gen(function*() {
          if (!(yield* store.markOverdueEmitted(request.organization_id, request.id, at))) return false
          yield* emitWebhooks([overdueEvent(request, at)])
          return true
        })
      )
      if (first) emitted++
    }
    if (batch.length < OVERDUE_BATCH) return emitted
  }
})

/**
 * The overdue sweep: every `interval` (default 1 minute), `sweepOverdue`. A pass that fails is
 * logged and tried at the next interval.
 */
export const overdueSweepLayer = (interval: Duration.DurationInput = Duration.minutes(1)) =>
  Layer.scopedDiscard(
    Effect.forkScoped(
      sweepOverdue.pipe(
        Effect.tap((emitted) => (emitted === 0 ? Effect.void : Effect.logInfo("Overdue requests", { count: emitted }))),
        Effect.catchAllCause((cause) => Effect.logError("Overdue sweep failed; trying again later", cause)),
        Effect.repeat(Schedule.spaced(interval)),
        Effect.annotateLogs({ component: "overdue-sweep" })
      )
    )
  )
