import { HistoryEntry } from "@dsar/domain"
import { HistoryStore } from "@dsar/http"
import { Effect, Either, HashMap, Layer, Option, Order } from "effect"
import { references, uniqueKey } from "./Constraints.js"
import { MemoryDatabase } from "./MemoryDatabase.js"
import type { Sequenced } from "./State.js"
import { stored } from "./Stored.js"

const storedEntry = stored(HistoryEntry)

// Append order, not `at`: the log must read as it was written even if the clock stepped back.
const appendOrder = Order.mapInput(Order.number, (row: Sequenced<HistoryEntry>) => row.seq)

export const layer = Layer.effect(
  HistoryStore,
  Effect.map(MemoryDatabase, (db) => ({
    append: (entry) =>
      Effect.flatMap(storedEntry(entry), (row) =>
        db.write((state) =>
          Either.gen(function*() {
            yield* uniqueKey("history.id", state.history, row.id)
            yield* references(
              "history.request_id",
              Option.exists(HashMap.get(state.requests, row.request_id), (request) =>
                request.value.organization_id === row.organization_id)
            )
            const seq = state.seq + 1
            return [undefined, {
              ...state,
              seq,
              history: HashMap.set(state.history, row.id, { seq, value: row })
            }] as const
          })
        )),

    listByRequest: (organization_id, request_id) =>
      db.read((state) =>
        Array.from(HashMap.values(state.history))
          .filter(({ value }) => value.organization_id === organization_id && value.request_id === request_id)
          .sort(appendOrder)
          .map(({ value }) => value)
      )
  }))
)
