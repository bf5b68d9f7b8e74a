import { User } from "@dsar/domain"
import { UsersStore } from "@dsar/http"
import { Effect, Either, HashMap, Layer, Option } from "effect"
import { references, uniqueKey } from "./Constraints.js"
import { MemoryDatabase } from "./MemoryDatabase.js"
import { stored } from "./Stored.js"

const storedUser = stored(User)

export const layer = Layer.effect(
  UsersStore,
  Effect.map(MemoryDatabase, (db) => ({
    find: (organization_id, organization_user_id) =>
      db.read((state) =>
        Option.map(
          HashMap.findFirst(
            state.users,
            (user) => user.organization_id === organization_id && user.organization_user_id === organization_user_id
          ),
          ([, user]) => user
        )
      ),

    insertIfAbsent: (user) =>
      Effect.flatMap(storedUser(user), (row) =>
        db.write((state) =>
          Either.gen(function*() {
            yield* uniqueKey("users.id", state.users, row.id)
            const present = HashMap.some(
              state.users,
              (other) =>
                other.organization_id === row.organization_id && other.organization_user_id === row.organization_user_id
            )
            if (present) return [undefined, state] as const
            yield* references("users.organization_id", HashMap.has(state.organizations, row.organization_id))
            return [undefined, { ...state, users: HashMap.set(state.users, row.id, row) }] as const
          })
        ))
  }))
)
