import type { Request } from "@dsar/domain"
import { Timestamp } from "@dsar/domain"
import { type UnverifiedRequest, UnverifiedStore } from "@dsar/http"
import { Effect, Either, HashMap, Layer, Option } from "effect"
import { MemoryDatabase } from "./MemoryDatabase.js"
import type { State } from "./State.js"
import { stored } from "./Stored.js"

const storedInstant = stored(Timestamp)

const oldestFirst = (a: Request, b: Request) =>
  a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

const unverified = (state: State, keep: (request: Request) => boolean, limit: number) =>
  Array.from(HashMap.values(state.requests), ({ value }) => value)
    .filter((request) => request.status === "unverified" && request.erasure === undefined && keep(request))
    .sort(oldestFirst)
    .slice(0, limit)
    .map(({ created_at, id, organization_id }): UnverifiedRequest => ({ organization_id, id, created_at }))

export const make = Effect.gen(function*() {
  const db = yield* MemoryDatabase
  return UnverifiedStore.of({
    dueForClosing: (before, limit) =>
      db.read((state) => unverified(state, (request) => request.created_at.getTime() <= before.getTime(), limit)),

    dueForReminder: ({ after, before }, limit) =>
      db.read((state) =>
        unverified(
          state,
          (request) =>
            request.created_at.getTime() > after.getTime() && request.created_at.getTime() <= before.getTime()
            && !HashMap.has(state.reminded, request.id),
          limit
        )
      ),

    markReminded: (organization_id, request_id, at) =>
      Effect.flatMap(storedInstant(at), (instant) =>
        db.write((state) =>
          HashMap.has(state.reminded, request_id)
            || !Option.exists(
              HashMap.get(state.requests, request_id),
              (r) => r.value.organization_id === organization_id
            )
            ? Either.right([false, state] as const)
            : Either.right([true, { ...state, reminded: HashMap.set(state.reminded, request_id, instant) }] as const)
        ))
  })
})

export const layer = Layer.effect(UnverifiedStore, make)
