import { type LinkId, Timestamp } from "@dsar/domain"
import { LinksStore, StoredLink } from "@dsar/http"
import { Effect, Either, HashMap, Layer, Option } from "effect"
import { references, uniqueKey, uniqueValue } from "./Constraints.js"
import { MemoryDatabase } from "./MemoryDatabase.js"
import { stored } from "./Stored.js"

const storedLink = stored(StoredLink)
const storedInstant = stored(Timestamp)

export const layer = Layer.effect(
  LinksStore,
  Effect.map(MemoryDatabase, (db) => {
    /** Compare-and-set: sets the column only while it is still null. */
    const markOnce = (column: "used_at" | "renewed_at") => (id: LinkId, at: Date) =>
      Effect.flatMap(storedInstant(at), (instant) =>
        db.write<boolean>((state) => {
          const unmarked = Option.filter(HashMap.get(state.links, id), (link) => link[column] === null)
          if (Option.isNone(unmarked)) return Either.right([false, state])
          const next: StoredLink = { ...unmarked.value, [column]: instant, updated_at: instant }
          return Either.right([true, { ...state, links: HashMap.set(state.links, id, next) }])
        }))

    return {
      insert: (link) =>
        Effect.flatMap(storedLink(link), (row) =>
          db.write((state) =>
            Either.gen(function*() {
              yield* uniqueKey("links.id", state.links, row.id)
              yield* uniqueValue("links.token_hash", state.links, (other) => other.token_hash === row.token_hash)
              yield* references(
                "links.request_id",
                Option.exists(HashMap.get(state.requests, row.event.request_id), (request) =>
                  request.value.organization_id === row.organization_id)
              )
              return [undefined, { ...state, links: HashMap.set(state.links, row.id, row) }] as const
            })
          )),

      findByTokenHash: (token_hash) =>
        db.read((state) =>
          Option.map(HashMap.findFirst(state.links, (link) => link.token_hash === token_hash), ([, link]) => link)
        ),

      markUsed: markOnce("used_at"),
      markRenewed: markOnce("renewed_at")
    }
  })
)
