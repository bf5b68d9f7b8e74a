import { Effect, type ParseResult, Schema } from "effect"
import type { BadRequest } from "../ApiErrors.js"
import { badRequestOf } from "../ErrorShape.js"

const refused = (error: ParseResult.ParseError) => Effect.flatMap(badRequestOf(error), Effect.fail)

/**
 * What the API would decode from `input` once sent: encoded with the contract's schema, then
 * decoded again. Input the API would refuse is refused here with the 400 it would answer, so a
 * client never sends it and an in-process implementation never lets it through.
 */
export const asSent = <A, I>(schema: Schema.Schema<A, I>) => {
  const encode = Schema.encode(schema)
  const decode = Schema.decode(schema)
  return (input: A): Effect.Effect<A, BadRequest> =>
    Effect.flatMap(encode(input), decode).pipe(Effect.catchTag("ParseError", refused))
}

/** What the API would make of untrusted `input` (JSON a person typed, say): its value, or the 400 it would answer. */
export const received = <A, I>(schema: Schema.Schema<A, I>) => {
  const decode = Schema.decodeUnknown(schema)
  return (input: unknown): Effect.Effect<A, BadRequest> => decode(input).pipe(Effect.catchTag("ParseError", refused))
}
