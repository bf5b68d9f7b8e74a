import { Schema } from "effect"

/** The body of `POST /sessions`: an API key and its secret. */
export const CreateSession = Schema.Struct({
  type: Schema.Literal("api-key"),
  key: Schema.NonEmptyString,
  secret: Schema.NonEmptyString
}).annotations({ identifier: "CreateSession" })
export type CreateSession = typeof CreateSession.Type

/** A session: a bearer token for the `/dsar` routes of one organisation. */
export const Session = Schema.Struct({
  access_token: Schema.String.annotations({ description: "Send as `Authorization: Bearer <access_token>`; it expires after an hour." })
}).annotations({ identifier: "Session" })
export type Session = typeof Session.Type
