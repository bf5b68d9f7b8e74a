import { type Request, requesterEmail } from "@dsar/domain"
import { Effect, Option } from "effect"
import { UsersStore } from "../ports/Stores.js"

/** Where a request's emails go: its `email` field, else its user's email; none if neither exists. */
export const recipientOf = (request: Request): Effect.Effect<string | null, never, UsersStore> =>
  Effect.gen(function* () {
    const fromFields = requesterEmail(request.request_fields, undefined)
    if (fromFields !== undefined) return fromFields
    const users = yield* UsersStore
    const user = yield* users.find(request.organization_id, request.organization_user_id)
    return Option.match(user, { onNone: () => null, onSome: (u) => u.email })
  })
