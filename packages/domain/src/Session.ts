import { Schema } from "effect"
import { Limits, storable } from "./Limits.js"

/** The body of `POST /sessions`: an API key and its secret. */
export const CreateSession = Schema.Struct({
  type: Schema.Literal("api-key"),
  key: storable(Schema.NonEmptyString, Limits.credential),
  secret: storable(Schema.NonEmptyString, Limits.credential)
}).annotations({ identifier: "CreateSession" })
export type CreateSession = typeof CreateSession.Type

/** A session: a bearer token for the `/dsar` routes of one organisation. */
export const Session = Schema.Struct({
  access_token: Schema.String.annotations({ description: "Send as `Authorization: Bearer <access_token>`; it expires after an hour." })
}).annotations({ identifier: "Session" })
export type Session = typeof Session.Type
