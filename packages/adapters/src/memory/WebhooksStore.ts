import { isOverdue, Timestamp, type WebhookDelivery, WebhookPayload } from "@dsar/domain"
import { type OverdueRequest, QueuedWebhook, StoredWebhookEndpoint, WebhooksStore } from "@dsar/http"
import { Effect, Either, HashMap, Layer, Option, Order, Schema } from "effect"
import { references, uniqueKey } from "./Constraints.js"
import { MemoryDatabase } from "./MemoryDatabase.js"
import type { Sequenced, State, WebhookEntry } from "./State.js"
import { stored } from "./Stored.js"

const storedEndpoint = stored(StoredWebhookEndpoint)
const storedMessage = stored(QueuedWebhook)
const storedInstant = stored(Timestamp)
const storedNullableInstant = stored(Schema.NullOr(Timestamp))
const decodePayload = Schema.decodeSync(Schema.parseJson(WebhookPayload))

const bySeq = Order.mapInput(Order.number, (row: Sequenced<unknown>) => row.seq)
const oldestFirst = Order.combine(
  Order.mapInput(Order.Date, (row: Sequenced<WebhookEntry>) => row.value.message.created_at),
  bySeq
)

const pending = (entry: WebhookEntry) => entry.delivered_at === null && entry.failed_at === null

const deliveryOf = (entry: WebhookEntry): WebhookDelivery => ({
  id: entry.message.id,
  endpoint_id: entry.message.endpoint_id,
  event_type: entry.message.event_type,
  payload: decodePayload(entry.message.payload),
  state: entry.delivered_at !== null ? "delivered" : entry.failed_at !== null ? "failed" : "pending",
  created_at: entry.message.created_at,
  attempts: entry.attempts,
  last_attempt_at: entry.last_attempt_at,
  last_status: entry.last_status,
  last_error: entry.last_error,
  delivered_at: entry.delivered_at,
  failed_at: entry.failed_at
})

/** Rewrites a delivery `change` accepts; `false`, and nothing written, when it is missing or declined. */
const updateDelivery =
  (id: string, change: (entry: WebhookEntry) => Option.Option<WebhookEntry>) =>
  (state: State): Either.Either<readonly [boolean, State], never> => {
    const changed = HashMap.get(state.webhookDeliveries, id).pipe(
      Option.flatMap((row) => Option.map(change(row.value), (value) => ({ seq: row.seq, value })))
    )
    return Option.isNone(changed)
      ? Either.right([false, state] as const)
      : Either.right([true, { ...state, webhookDeliveries: HashMap.set(state.webhookDeliveries, id, changed.value) }])
  }

const whenPending = (change: (entry: WebhookEntry) => WebhookEntry) => (entry: WebhookEntry) =>
  pending(entry) ? Option.some(change(entry)) : Option.none()

export const layer = Layer.effect(
  WebhooksStore,
  Effect.map(MemoryDatabase, (db) => {
    const endpointOf = (state: State, organization_id: string, id: string) =>
      HashMap.get(state.webhookEndpoints, id).pipe(
        Option.map(({ value }) => value),
        Option.filter((endpoint) => endpoint.organization_id === organization_id)
      )

    return WebhooksStore.of({
      insertEndpoint: (endpoint) =>
        Effect.flatMap(storedEndpoint(endpoint), (row) =>
          db.write((state) =>
            Either.gen(function*() {
              yield* uniqueKey("webhook_endpoints.id", state.webhookEndpoints, row.id)
              yield* references(
                "webhook_endpoints.organization_id",
                HashMap.has(state.organizations, row.organization_id)
              )
              const seq = state.seq + 1
              return [undefined, {
                ...state,
                seq,
                webhookEndpoints: HashMap.set(state.webhookEndpoints, row.id, { seq, value: row })
              }] as const
            })
          )),

      listEndpoints: (organization_id) =>
        db.read((state) =>
          Array.from(HashMap.values(state.webhookEndpoints))
            .filter(({ value }) => value.organization_id === organization_id)
            .sort(bySeq)
            .map(({ value }) => value)
        ),

      findEndpoint: (organization_id, id) => db.read((state) => endpointOf(state, organization_id, id)),

      deleteEndpoint: (organization_id, id) =>
        db.write((state) =>
          Option.isNone(endpointOf(state, organization_id, id))
            ? Either.right([false, state] as const)
            : Either.right(
              [true, {
                ...state,
                webhookEndpoints: HashMap.remove(state.webhookEndpoints, id),
                webhookDeliveries: HashMap.filter(state.webhookDeliveries, ({ value }) =>
                  value.message.endpoint_id !== id)
              }] as const
            )
        ),

      rotateSecret: (organization_id, id, rotation) =>
        Effect.flatMap(
          Effect.all([storedInstant(rotation.at), storedNullableInstant(rotation.previous_secret_expires_at)]),
          ([at, previous_secret_expires_at]) =>
            db.write((state) =>
              Option.match(
                Option.flatMap(endpointOf(state, organization_id, id), () => HashMap.get(state.webhookEndpoints, id)),
                {
                  onNone: () => Either.right([false, state] as const),
                  onSome: (row) =>
                    Either.right(
                      [true, {
                        ...state,
                        webhookEndpoints: HashMap.set(state.webhookEndpoints, id, {
                          seq: row.seq,
                          value: {
                            ...row.value,
                            secret: rotation.secret,
                            previous_secret: rotation.previous_secret,
                            previous_secret_expires_at,
                            updated_at: at
                          }
                        })
                      }] as const
                    )
                }
              )
            )
        ),

      enqueue: (delivery) =>
        Effect.flatMap(storedMessage(delivery), (row) =>
          db.write((state) =>
            Either.gen(function*() {
              yield* uniqueKey("webhook_deliveries.id", state.webhookDeliveries, row.id)
              yield* references(
                "webhook_deliveries.endpoint_id",
                Option.isSome(endpointOf(state, row.organization_id, row.endpoint_id))
              )
              const seq = state.seq + 1
              const entry: WebhookEntry = {
                message: row,
                attempts: 0,
                next_attempt_at: row.created_at,
                last_attempt_at: null,
                last_status: null,
                last_error: null,
                delivered_at: null,
                failed_at: null
              }
              return [undefined, {
                ...state,
                seq,
                webhookDeliveries: HashMap.set(state.webhookDeliveries, row.id, { seq, value: entry })
              }] as const
            })
          )),

      due: (now, limit) =>
        db.read((state) =>
          Array.from(HashMap.values(state.webhookDeliveries))
            .filter(({ value }) => pending(value) && value.next_attempt_at.getTime() <= now.getTime())
            .sort(oldestFirst)
            .slice(0, limit)
            .flatMap(({ value }) =>
              Option.match(HashMap.get(state.webhookEndpoints, value.message.endpoint_id), {
                onNone: () => [],
                onSome: ({ value: endpoint }) => [{
                  ...value.message,
                  attempts: value.attempts,
                  url: endpoint.url,
                  secret: endpoint.secret,
                  previous_secret: endpoint.previous_secret,
                  previous_secret_expires_at: endpoint.previous_secret_expires_at
                }]
              })
            )
        ),

      claim: (id, lease) =>
        Effect.flatMap(Effect.all([storedInstant(lease.now), storedInstant(lease.until)]), ([now, until]) =>
          db.write(
            updateDelivery(id, (entry) =>
              pending(entry) && entry.next_attempt_at.getTime() <= now.getTime()
                ? Option.some({ ...entry, next_attempt_at: until })
                : Option.none())
          )),

      markDelivered: (id, outcome) =>
        Effect.flatMap(storedInstant(outcome.at), (at) =>
          db.write(
            updateDelivery(
              id,
              whenPending((entry) => ({
                ...entry,
                attempts: entry.attempts + 1,
                last_attempt_at: at,
                last_status: outcome.status,
                delivered_at: at
              }))
            )
          )).pipe(Effect.asVoid),

      markFailed: (id, failure) =>
        Effect.flatMap(
          Effect.all([storedInstant(failure.at), storedInstant(failure.next_attempt_at)]),
          ([at, next]) =>
            db.write(
              updateDelivery(
                id,
                whenPending((entry) => ({
                  ...entry,
                  attempts: entry.attempts + 1,
                  last_attempt_at: at,
                  last_status: failure.status,
                  last_error: failure.error,
                  next_attempt_at: next
                }))
              )
            )
        ).pipe(Effect.asVoid),

      markDead: (id, failure) =>
        Effect.flatMap(storedInstant(failure.at), (at) =>
          db.write(
            updateDelivery(
              id,
              whenPending((entry) => ({
                ...entry,
                attempts: entry.attempts + 1,
                last_attempt_at: at,
                last_status: failure.status,
                last_error: failure.error,
                failed_at: at
              }))
            )
          )).pipe(Effect.asVoid),

      listDeliveries: (organization_id, endpoint_id, limit) =>
        db.read((state) =>
          Array.from(HashMap.values(state.webhookDeliveries))
            .filter(({ value }) =>
              value.message.organization_id === organization_id && value.message.endpoint_id === endpoint_id
            )
            .sort(Order.reverse(oldestFirst))
            .slice(0, limit)
            .map(({ value }) => deliveryOf(value))
        ),

      findDelivery: (organization_id, endpoint_id, id) =>
        db.read((state) =>
          HashMap.get(state.webhookDeliveries, id).pipe(
            Option.filter(({ value }) =>
              value.message.organization_id === organization_id && value.message.endpoint_id === endpoint_id
            ),
            Option.map(({ value }) => deliveryOf(value))
          )
        ),

      redeliver: (organization_id, endpoint_id, id, now) =>
        Effect.flatMap(storedInstant(now), (at) =>
          db.write(
            updateDelivery(id, (entry) =>
              entry.message.organization_id === organization_id && entry.message.endpoint_id === endpoint_id
                && !pending(entry)
                ? Option.some({ ...entry, attempts: 0, next_attempt_at: at, delivered_at: null, failed_at: null })
                : Option.none())
          )),

      overdue: (now, limit) =>
        db.read((state) =>
          Array.from(HashMap.values(state.requests), ({ value }) => value)
            .filter((request) =>
              request.erasure === undefined && isOverdue(request, now) && !HashMap.has(state.overdueEmitted, request.id)
            )
            .sort((a, b) => a.expires_at.getTime() - b.expires_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
            .slice(0, limit)
            .map(({ expires_at, id, organization_id, status, user_right_id }): OverdueRequest => ({
              id,
              organization_id,
              user_right_id,
              status,
              expires_at
            }))
        ),

      markOverdueEmitted: (organization_id, request_id, at) =>
        Effect.flatMap(storedInstant(at), (instant) =>
          db.write((state) =>
            HashMap.has(state.overdueEmitted, request_id)
              || !Option.exists(
                HashMap.get(state.requests, request_id),
                (r) => r.value.organization_id === organization_id
              )
              ? Either.right([false, state] as const)
              : Either.right(
                [true, {
                  ...state,
                  overdueEmitted: HashMap.set(state.overdueEmitted, request_id, instant)
                }] as const
              )
          ))
    })
  })
)
