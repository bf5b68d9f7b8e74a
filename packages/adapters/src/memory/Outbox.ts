import { Timestamp } from "@dsar/domain"
import { type DeliveryFailure, Outbox, OutboxMessage, type QueuedMessage, type RequestEmail } from "@dsar/http"
import { Effect, Either, HashMap, Layer, Option, Order, Schema } from "effect"
import { references, uniqueKey } from "./Constraints.js"
import { MemoryDatabase } from "./MemoryDatabase.js"
import type { OutboxEntry, Sequenced, State } from "./State.js"
import { stored } from "./Stored.js"

const storedMessage = stored(OutboxMessage)
const storedInstant = stored(Timestamp)
const storedFailure = stored(Schema.Struct({ at: Timestamp, error: Schema.String, next_attempt_at: Timestamp }))
const storedLastFailure = stored(Schema.Struct({ at: Timestamp, error: Schema.String }))

const withoutUrl = ({ url: _url, ...variables }: OutboxMessage["variables"]) => variables

const oldestFirst = Order.combine(
  Order.mapInput(Order.Date, (row: Sequenced<OutboxEntry>) => row.value.message.created_at),
  Order.mapInput(Order.number, (row: Sequenced<OutboxEntry>) => row.seq)
)

const pending = (entry: OutboxEntry) => entry.delivered_at === null && entry.failed_at === null

const undelivered = (state: State) =>
  Array.from(HashMap.values(state.outbox))
    .filter(({ value }) => pending(value))
    .sort(oldestFirst)

const emailOf = ({ message, delivery, delivered_at, failed_at }: OutboxEntry): RequestEmail => ({
  id: message.id,
  request_id: message.request_id,
  kind: message.kind,
  state: delivered_at !== null ? "delivered" : failed_at !== null ? "failed" : "pending",
  created_at: message.created_at,
  attempts: delivery.attempts,
  last_attempt_at: delivery.last_attempt_at,
  last_error: delivery.last_error,
  delivered_at,
  failed_at
})

/** Rewrites a row `eligible` allows; `false`, and nothing written, when the row is missing, not eligible, or `change` declines. */
const updateWhere =
  (eligible: (entry: OutboxEntry) => boolean) =>
  (id: string, change: (entry: OutboxEntry) => Option.Option<OutboxEntry>) =>
  (state: State): Either.Either<readonly [boolean, State], never> => {
    const changed = HashMap.get(state.outbox, id).pipe(
      Option.filter((row) => eligible(row.value)),
      Option.flatMap((row) => Option.map(change(row.value), (value) => ({ seq: row.seq, value })))
    )
    return Option.isNone(changed)
      ? Either.right([false, state] as const)
      : Either.right([true, { ...state, outbox: HashMap.set(state.outbox, id, changed.value) }] as const)
  }

const updateUndelivered = updateWhere((entry) => entry.delivered_at === null)
const updatePending = updateWhere(pending)

export const layer = Layer.effect(
  Outbox,
  Effect.map(MemoryDatabase, (db) =>
    Outbox.of({
      enqueue: (message) =>
        Effect.flatMap(storedMessage(message), (row) =>
          db.write((state) =>
            Either.gen(function*() {
              yield* uniqueKey("outbox.id", state.outbox, row.id)
              yield* references(
                "outbox.request_id",
                Option.exists(
                  HashMap.get(state.requests, row.request_id),
                  (request) => request.value.organization_id === row.organization_id
                )
              )
              const seq = state.seq + 1
              const entry: OutboxEntry = {
                message: row,
                delivery: { attempts: 0, next_attempt_at: row.created_at, last_attempt_at: null, last_error: null },
                delivered_at: null,
                failed_at: null
              }
              return [undefined, {
                ...state,
                seq,
                outbox: HashMap.set(state.outbox, row.id, { seq, value: entry })
              }] as const
            })
          )),

      due: (now, limit) =>
        db.read((state) =>
          undelivered(state)
            .filter(({ value }) => value.delivery.next_attempt_at.getTime() <= now.getTime())
            .slice(0, limit)
            .map(({ value }): QueuedMessage => ({ ...value.message, ...value.delivery }))
        ),

      claim: (id, lease) =>
        Effect.flatMap(Effect.all([storedInstant(lease.now), storedInstant(lease.until)]), ([now, until]) =>
          db.write(
            updatePending(id, (entry) =>
              entry.delivery.next_attempt_at.getTime() <= now.getTime()
                ? Option.some({ ...entry, delivery: { ...entry.delivery, next_attempt_at: until } })
                : Option.none())
          )),

      markDelivered: (id, at) =>
        Effect.flatMap(storedInstant(at), (instant) =>
          db.write(
            updateUndelivered(id, (entry) =>
              Option.some({
                ...entry,
                // As the SQL stores do: the link URL (a live token) does not outlive the delivery.
                message: { ...entry.message, variables: withoutUrl(entry.message.variables) },
                delivery: { ...entry.delivery, attempts: entry.delivery.attempts + 1, last_attempt_at: instant },
                delivered_at: instant,
                failed_at: null
              }))
          )).pipe(Effect.asVoid),

      markFailed: (id, failure: DeliveryFailure) =>
        Effect.flatMap(storedFailure(failure), ({ at, error, next_attempt_at }) =>
          db.write(
            updatePending(id, (entry) =>
              Option.some({
                ...entry,
                delivery: {
                  attempts: entry.delivery.attempts + 1,
                  next_attempt_at,
                  last_attempt_at: at,
                  last_error: error
                }
              }))
          )).pipe(Effect.asVoid),

      markUndeliverable: (id, failure) =>
        Effect.flatMap(storedLastFailure(failure), ({ at, error }) =>
          db.write(
            updatePending(id, (entry) =>
              Option.some({
                ...entry,
                delivery: {
                  ...entry.delivery,
                  attempts: entry.delivery.attempts + 1,
                  last_attempt_at: at,
                  last_error: error
                },
                failed_at: at
              }))
          )).pipe(Effect.asVoid),

      listByRequest: (organization_id, request_id) =>
        db.read((state) =>
          Array.from(HashMap.values(state.outbox))
            .filter(({ value }) =>
              value.message.organization_id === organization_id && value.message.request_id === request_id
            )
            .sort(oldestFirst)
            .map(({ value }) => emailOf(value))
        ),

      retry: (organization_id, request_id, id, now) =>
        Effect.flatMap(storedInstant(now), (instant) =>
          db.write(
            updateWhere((entry) => entry.failed_at !== null && entry.delivered_at === null)(id, (entry) =>
              entry.message.organization_id === organization_id && entry.message.request_id === request_id
                ? Option.some({
                  ...entry,
                  delivery: { ...entry.delivery, attempts: 0, next_attempt_at: instant },
                  failed_at: null
                })
                : Option.none())
          ))
    }))
)
