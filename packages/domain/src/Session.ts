import { Schema } from "effect"
import { Limits, storable } from "./Limits.js"

// A refusal names what was expected, never what was given: a secret sent as a number or an object
// is still a secret, and error bodies end up in clients' logs.
const credential = storable(
  Schema.NonEmptyString.annotations({ message: () => ({ message: "must be a non-empty string", override: true }) }),
  Limits.credential
)

/** The body of `POST /sessions`: an API key and its secret. */
export const CreateSession = Schema.Struct({
  type: Schema.Literal("api-key"),
  key: credential,
  secret: credential
}).annotations({ identifier: "CreateSession" })
export type CreateSession = typeof CreateSession.Type

/** A session: a bearer token for the `/dsar` routes of one organisation. */
export const Session = Schema.Struct({
  access_token: Schema.String.annotations({
    description: "Send as `Authorization: Bearer <access_token>`; it expires after an hour."
  })
}).annotations({ identifier: "Session" })
export type Session = typeof Session.Type
