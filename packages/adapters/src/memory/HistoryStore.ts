import { chainEntry, EmptyChain, headOf, HistoryEntry, type HistoryRecord } from "@dsar/domain"
import { HistoryDigest, HistoryStore } from "@dsar/http"
import { Effect, Either, HashMap, HashSet, Layer, Option, Order } from "effect"
import { references, uniqueKey } from "./Constraints.js"
import { MemoryDatabase } from "./MemoryDatabase.js"
import type { Sequenced, State } from "./State.js"
import { stored } from "./Stored.js"

const storedEntry = stored(HistoryEntry)

// Append order, not `at`: the log must read as it was written even if the clock stepped back.
const appendOrder = Order.mapInput(Order.number, (row: Sequenced<HistoryRecord>) => row.seq)

const inAppendOrder = (state: State, keep: (record: HistoryRecord) => boolean) =>
  Array.from(HashMap.values(state.history))
    .filter(({ value }) => keep(value))
    .sort(appendOrder)
    .map(({ value }) => value)

// A write is one step on the database's state, taken by one writer at a time: reading the head and
// moving it happen in that step, so two appends can never chain after the same head.
export const layer = Layer.effect(
  HistoryStore,
  Effect.gen(function*() {
    const db = yield* MemoryDatabase
    const { digest } = yield* HistoryDigest
    return HistoryStore.of({
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
              const head = Option.getOrElse(HashMap.get(state.historyHeads, row.organization_id), () =>
                EmptyChain)
              const record = chainEntry(row, head, digest)
              const seq = state.seq + 1
              return [record, {
                ...state,
                seq,
                history: HashMap.set(state.history, row.id, { seq, value: record }),
                historyHeads: HashMap.set(state.historyHeads, row.organization_id, headOf(record))
              }] as const
            })
          )),

      listByRequest: (organization_id, request_id) =>
        db.read((state) =>
          inAppendOrder(state, (value) => value.organization_id === organization_id && value.request_id === request_id)
        ),

      chain: (organization_id, skip, limit) =>
        db.read((state) =>
          inAppendOrder(state, (value) => value.organization_id === organization_id).slice(skip, skip + limit)
        ),

      head: (organization_id) => db.read((state) => HashMap.get(state.historyHeads, organization_id)),

      organizations: db.read((state) =>
        Array.from(
          HashSet.union(
            HashMap.keySet(state.historyHeads),
            HashSet.map(HashSet.fromIterable(HashMap.values(state.history)), ({ value }) => value.organization_id)
          )
        ).sort()
      )
    })
  })
)
