import { Data, Either, HashMap } from "effect"

/** What a database refuses: a duplicate key or a reference to a missing row. Stores die with it. */
export class ConstraintViolation extends Data.TaggedError("ConstraintViolation")<{ readonly message: string }> {}

const check = (holds: boolean, message: string): Either.Either<void, ConstraintViolation> =>
  holds ? Either.void : Either.left(new ConstraintViolation({ message }))

/** A primary key. */
export const uniqueKey = <K, V>(constraint: string, table: HashMap.HashMap<K, V>, key: K) =>
  check(!HashMap.has(table, key), `UNIQUE constraint failed: ${constraint}`)

/** Any other unique column (set): no stored row may already hold the value. */
export const uniqueValue = <K, V>(constraint: string, table: HashMap.HashMap<K, V>, taken: (row: V) => boolean) =>
  check(!HashMap.some(table, taken), `UNIQUE constraint failed: ${constraint}`)

/** A foreign key, checked when the row is written. */
export const references = (constraint: string, exists: boolean) =>
  check(exists, `FOREIGN KEY constraint failed: ${constraint}`)
