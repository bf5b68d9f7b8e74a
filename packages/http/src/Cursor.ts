import { RequestId } from "@dsar/domain"
import { Either, Encoding, Schema } from "effect"
import {
  type Condition,
  isInstantField,
  NullableFields,
  orderKeys,
  type RequestQuery,
  type ScalarField
} from "./ports/RequestQuery.js"
import type { RequestSortKey } from "./ports/Stores.js"

// Keyset pages (decision 0025): a page's cursor holds the sort key of its last request (its values
// of `orderKeys`: the sort's fields, then the tie-breaks), and the next page is the requests after
// it in that order — a condition of the query language, so it composes with any filter, `$or`
// included, and every store answers it as the reference model does. An index read in that order
// finds the position at once, however deep it is, where `$skip` walks every request before it.

type Sort = RequestQuery["sort"]
type Value = string | Date | null

/** The sort a cursor was made for, which it must be read with. */
const signature = (sort: Sort) => sort.map(({ direction, field }) => `${direction === 1 ? "" : "-"}${field}`).join(",")

const equal = (field: ScalarField, value: Value): Condition =>
  value === null ? { _tag: "Null", field, negated: false } : { _tag: "Compare", field, op: "eq", value }

/** Past `value` in `direction`: absent values sort first ascending, last descending. */
const beyond = (field: ScalarField, direction: 1 | -1, value: Value): Condition =>
  direction === 1
    ? value === null ? { _tag: "Null", field, negated: true } : { _tag: "Compare", field, op: "gt", value }
    : value === null
    ? { _tag: "Or", conditions: [] }
    : {
      _tag: "Or",
      conditions: [
        { _tag: "Compare", field, op: "lt", value },
        ...(NullableFields.includes(field) ? [equal(field, null)] : [])
      ]
    }

/** The requests after the one whose sort key is `values` (its values of `orderKeys`). */
const afterKey = (sort: Sort, values: ReadonlyArray<Value>): Condition => {
  const keys = orderKeys(sort)
  const past: Condition = {
    _tag: "Or",
    conditions: keys.map(({ direction, field }, index) => ({
      _tag: "And",
      conditions: [
        ...keys.slice(0, index).map((key, before) => equal(key.field, values[before]!)),
        beyond(field, direction, values[index]!)
      ]
    }))
  }
  // The same set, with a range on the leading key the index can start from (the `Or` alone can make
  // SQLite read from the index's start).
  const [first] = keys
  const value = values[0]!
  const range: ReadonlyArray<Condition> =
    value === null || (first!.direction === -1 && NullableFields.includes(first!.field))
      ? []
      : [{ _tag: "Compare", field: first!.field, op: first!.direction === 1 ? "gte" : "lte", value }]
  return { _tag: "And", conditions: [...range, past] }
}

const valueOf = (request: RequestSortKey, field: ScalarField): Value => request[field] ?? null

/** The requests after `request` in the order of `sort`. */
export const after = (sort: Sort, request: RequestSortKey): Condition =>
  afterKey(sort, orderKeys(sort).map(({ field }) => valueOf(request, field)))

/** The `$cursor` of the page after `request` (opaque to clients: base64url of its sort key). */
export const cursorOf = (sort: Sort, request: RequestSortKey): string =>
  Encoding.encodeBase64Url(JSON.stringify({
    sort: signature(sort),
    key: orderKeys(sort).map(({ field }) => {
      const value = valueOf(request, field)
      return value instanceof Date ? value.toISOString() : value
    })
  }))

const CursorText = Schema.parseJson(Schema.Struct({
  sort: Schema.String,
  key: Schema.Array(Schema.NullOr(Schema.String))
}))
const decodeText = Schema.decodeUnknownEither(CursorText)
const isRequestId = Schema.is(RequestId)

/** Why a `$cursor` cannot be read with `sort`, or the condition of the requests after it. */
export const readCursor = (sort: Sort, text: string): Either.Either<Condition, string> => {
  const made = "as the `link` header of a page gives it"
  const decoded = Either.flatMap(
    Either.mapLeft(Encoding.decodeBase64UrlString(text), () => "not base64url"),
    (json) => Either.mapLeft(decodeText(json), () => "not a cursor")
  )
  if (Either.isLeft(decoded)) return Either.left(`must be a cursor ${made}; received one that is ${decoded.left}`)
  const { key, sort: madeFor } = decoded.right
  if (madeFor !== signature(sort)) {
    return Either.left(
      `was made for another order (${madeFor || "by id"}); page on with the same $sort as the page that gave it`
    )
  }
  const keys = orderKeys(sort)
  if (key.length !== keys.length) return Either.left(`must be a cursor ${made}; received one with a damaged key`)
  const values: Array<Value> = []
  for (const [index, { field }] of keys.entries()) {
    const raw = key[index]!
    const value = raw === null
      ? NullableFields.includes(field) ? null : undefined
      : isInstantField(field)
      ? Number.isNaN(Date.parse(raw)) || new Date(raw).toISOString() !== raw ? undefined : new Date(raw)
      : field === "id" && !isRequestId(raw)
      ? undefined
      : raw
    if (value === undefined) return Either.left(`must be a cursor ${made}; received one with a damaged key`)
    values.push(value)
  }
  return Either.right(afterKey(sort, values))
}
