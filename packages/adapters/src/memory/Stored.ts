import { Effect, Schema } from "effect"

/**
 * What a value reads back as once stored: encoded, through JSON and decoded again, as the SQL
 * adapters do. A value the schema refuses dies, as a database write of it would.
 */
export const stored = <A, I>(schema: Schema.Schema<A, I>) => (value: A): Effect.Effect<A> =>
  Schema.encode(schema)(value).pipe(
    Effect.flatMap((encoded) => Schema.decodeUnknown(schema)(JSON.parse(JSON.stringify(encoded)))),
    Effect.orDie
  )
