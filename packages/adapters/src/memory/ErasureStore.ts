import { ErasureStore, type ExpiredRequest } from "@dsar/http"
import { Effect, Either, HashMap, Layer } from "effect"
import { MemoryDatabase } from "./MemoryDatabase.js"

// Nothing outlives a write here but the state itself: what is removed from the maps is gone, so
// scrubbing has nothing to do.
export const layer = Layer.effect(
  ErasureStore,
  Effect.map(MemoryDatabase, (db) =>
    ErasureStore.of({
      eraseDependents: (organization_id, request_id, organization_user_id, redact) =>
        db.write((state) => {
          const ofRequest = (row: { readonly organization_id: string; readonly request_id: string }) =>
            row.organization_id === organization_id && row.request_id === request_id
          const userRemains = HashMap.some(
            state.requests,
            ({ value }) =>
              value.organization_id === organization_id && value.organization_user_id === organization_user_id
          )
          return Either.right(
            [
              undefined,
              {
                ...state,
                notes: HashMap.filter(state.notes, ({ value }) => !ofRequest(value)),
                links: HashMap.filter(
                  state.links,
                  (link) => !(link.organization_id === organization_id && link.event.request_id === request_id)
                ),
                outbox: HashMap.filter(state.outbox, ({ value }) => !ofRequest(value.message)),
                // A reason is free text: it goes with the values.
                history: HashMap.map(state.history, (row) => {
                  if (!ofRequest(row.value)) return row
                  const { reason: _, ...entry } = row.value
                  return { ...row, value: { ...entry, changes: entry.changes.map(redact) } }
                }),
                users: userRemains
                  ? state.users
                  : HashMap.filter(
                    state.users,
                    (user) =>
                      !(user.organization_id === organization_id && user.organization_user_id === organization_user_id)
                  )
              }
            ] as const
          )
        }),

      expired: (statuses, before, limit) =>
        db.read((state) =>
          Array.from(HashMap.values(state.requests), ({ value }) => value)
            .filter(
              (request) =>
                request.erasure === undefined &&
                (statuses as ReadonlyArray<string>).includes(request.status) &&
                request.updated_at.getTime() < before.getTime()
            )
            .sort((a, b) => a.updated_at.getTime() - b.updated_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
            .slice(0, limit)
            .map(({ organization_id, id, status, updated_at }): ExpiredRequest => ({
              organization_id,
              id,
              status,
              updated_at
            }))
        ),

      scrub: Effect.void
    }))
)
