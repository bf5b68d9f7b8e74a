import { Note } from "@dsar/domain"
import { NotesStore } from "@dsar/http"
import { Effect, Either, HashMap, Layer, Option, Order } from "effect"
import { references, uniqueKey } from "./Constraints.js"
import { MemoryDatabase } from "./MemoryDatabase.js"
import type { Sequenced } from "./State.js"
import { stored } from "./Stored.js"

const storedNote = stored(Note)

const oldestFirst = Order.combine(
  Order.mapInput(Order.Date, (row: Sequenced<Note>) => row.value.created_at),
  Order.mapInput(Order.number, (row: Sequenced<Note>) => row.seq)
)

export const layer = Layer.effect(
  NotesStore,
  Effect.map(MemoryDatabase, (db) => ({
    insert: (note) =>
      Effect.flatMap(storedNote(note), (row) =>
        db.write((state) =>
          Either.gen(function*() {
            yield* uniqueKey("notes.id", state.notes, row.id)
            yield* references(
              "notes.request_id",
              Option.exists(HashMap.get(state.requests, row.request_id), (request) =>
                request.value.organization_id === row.organization_id)
            )
            const seq = state.seq + 1
            return [undefined, { ...state, seq, notes: HashMap.set(state.notes, row.id, { seq, value: row }) }] as const
          })
        )),

    listByRequest: (organization_id, request_id) =>
      db.read((state) =>
        Array.from(HashMap.values(state.notes))
          .filter(({ value }) => value.organization_id === organization_id && value.request_id === request_id)
          .sort(oldestFirst)
          .map(({ value }) => value)
      )
  }))
)
