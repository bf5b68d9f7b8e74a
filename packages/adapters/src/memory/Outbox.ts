import { Outbox, OutboxMessage } from "@dsar/http"
import { Effect, Either, HashMap, Layer, Option, Order } from "effect"
import { references, uniqueKey } from "./Constraints.js"
import { MemoryDatabase } from "./MemoryDatabase.js"
import type { Sequenced } from "./State.js"
import { stored } from "./Stored.js"

const storedMessage = stored(OutboxMessage)

const oldestFirst = Order.combine(
  Order.mapInput(Order.Date, (row: Sequenced<OutboxMessage>) => row.value.created_at),
  Order.mapInput(Order.number, (row: Sequenced<OutboxMessage>) => row.seq)
)

export const layer = Layer.effect(
  Outbox,
  Effect.map(MemoryDatabase, (db) => ({
    enqueue: (message) =>
      Effect.flatMap(storedMessage(message), (row) =>
        db.write((state) =>
          Either.gen(function* () {
            yield* uniqueKey("outbox.id", state.outbox, row.id)
            yield* references(
              "outbox.request_id",
              Option.exists(HashMap.get(state.requests, row.request_id), (request) => request.value.organization_id === row.organization_id)
            )
            const seq = state.seq + 1
            return [undefined, { ...state, seq, outbox: HashMap.set(state.outbox, row.id, { seq, value: row }) }] as const
          })
        )
      ),

    // Every message is pending: the port has no operation that marks one delivered yet.
    pending: (limit) =>
      db.read((state) =>
        Array.from(HashMap.values(state.outbox))
          .sort(oldestFirst)
          .slice(0, limit)
          .map(({ value }) => value)
      )
  }))
)
