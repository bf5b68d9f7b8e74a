import { OrganizationId } from "@dsar/domain"
import { Schema } from "effect"

// What a listing asks of a store: a condition tree over a request's scalar fields, an order and a
// page. Every store implements the same semantics, stated here once and checked by the stores'
// conformance suite against a reference model:
// - text compares by code point (SQL's binary collation on UTF-8), instants by time;
// - only `validation_id` and `duplicate_of` can be absent (null): each equals no value and differs from every value,
//   matches no range, sorts before every value ascending (after every value descending), and is
//   asked for with `Null`;
// - `And` of nothing holds for every request, `Or` of nothing for none;
// - the whole order is `orderKeys`: the sort, then `created_at` after a field many requests share
//   (`GroupedFields`), then `id`, each in the direction of the sort's last key (ascending with no
//   sort), so pages are stable and every single-field order is an index read forwards or
//   backwards (decisions 0025, 0028);
// - `Recipient` compares the request's recipient (domain `recipientOf`) with an address, both
//   lower-cased (`recipientKey`): a request without one (an erased request) matches no address;
// - `after` (a keyset cursor's condition) narrows the page but not `total`, which counts the
//   matches of `where`.

/** The scalar fields holding text: ids, the end-user's id and the catalogue's names. */
export const TextFields = [
  "id",
  "organization_user_id",
  "status",
  "user_right_id",
  "regulation_id",
  "source_id",
  "validation_id",
  "duplicate_of"
] as const
export type TextField = (typeof TextFields)[number]

export const InstantFields = ["created_at", "updated_at", "expires_at"] as const
export type InstantField = (typeof InstantFields)[number]

/** Every scalar field of a request but `organization_id` (the query's scope) and `domain` (always null). */
export const ScalarFields = [...TextFields, ...InstantFields] as const
export type ScalarField = (typeof ScalarFields)[number]

export const NullableFields: ReadonlyArray<ScalarField> = ["validation_id", "duplicate_of"]

export const isInstantField = (field: ScalarField): field is InstantField =>
  (InstantFields as ReadonlyArray<string>).includes(field)

export const SortFields = ScalarFields
export type SortField = ScalarField

export const CompareOps = ["eq", "ne", "lt", "lte", "gt", "gte"] as const
export type CompareOp = (typeof CompareOps)[number]

/** A value a condition compares with: text for a text field, an instant for an instant field. */
const Value = Schema.Union(Schema.String, Schema.DateFromString)

const Compare = Schema.TaggedStruct("Compare", {
  field: Schema.Literal(...ScalarFields),
  op: Schema.Literal(...CompareOps),
  value: Value
})

/** The field is one of `values` (`negated`: none of them). */
const In = Schema.TaggedStruct("In", {
  field: Schema.Literal(...ScalarFields),
  values: Schema.Array(Value),
  negated: Schema.Boolean
})

/** The field is absent (`negated`: present). */
const Null = Schema.TaggedStruct("Null", { field: Schema.Literal(...ScalarFields), negated: Schema.Boolean })

/** The request's emails go to `address`, whatever the case of either (decision 0027). */
const Recipient = Schema.TaggedStruct("Recipient", { address: Schema.String })

export type Condition =
  | typeof Compare.Type
  | typeof In.Type
  | typeof Null.Type
  | typeof Recipient.Type
  | { readonly _tag: "And"; readonly conditions: ReadonlyArray<Condition> }
  | { readonly _tag: "Or"; readonly conditions: ReadonlyArray<Condition> }

export type ConditionEncoded =
  | typeof Compare.Encoded
  | typeof In.Encoded
  | typeof Null.Encoded
  | typeof Recipient.Encoded
  | { readonly _tag: "And"; readonly conditions: ReadonlyArray<ConditionEncoded> }
  | { readonly _tag: "Or"; readonly conditions: ReadonlyArray<ConditionEncoded> }

const conditions = Schema.Array(Schema.suspend((): Schema.Schema<Condition, ConditionEncoded> => Condition))

/** The condition tree; encoding it turns its instants into ISO-8601 text, as the SQL columns hold them. */
export const Condition: Schema.Schema<Condition, ConditionEncoded> = Schema.Union(
  Compare,
  In,
  Null,
  Recipient,
  Schema.TaggedStruct("And", { conditions }),
  Schema.TaggedStruct("Or", { conditions })
)

export const everything: Condition = { _tag: "And", conditions: [] }

export const RequestQuery = Schema.Struct({
  organization_id: OrganizationId,
  where: Condition,
  /** Applied in order, then the tie-breaks of `orderKeys`, so pages are stable. */
  sort: Schema.Array(Schema.Struct({ field: Schema.Literal(...SortFields), direction: Schema.Literal(1, -1) })),
  /** The page's position: the requests after a cursor's (see Cursor.ts); `total` does not count it. */
  after: Schema.optionalWith(Condition, { exact: true }),
  /** 0 asks for the total alone. */
  limit: Schema.Int,
  skip: Schema.Int
})
export type RequestQuery = typeof RequestQuery.Type

/** The fields a condition names, at any depth: `recipient` for a `Recipient`. */
export const fieldsOf = (condition: Condition | ConditionEncoded): ReadonlyArray<ScalarField | "recipient"> =>
  condition._tag === "And" || condition._tag === "Or"
    ? (condition.conditions as ReadonlyArray<Condition | ConditionEncoded>).flatMap(fieldsOf)
    : condition._tag === "Recipient"
    ? ["recipient"]
    : [condition.field]

type Sort = RequestQuery["sort"]
type SortKey = Sort[number]

/**
 * The fields many requests share a value of. Their indexes go on by `created_at` (the filters'
 * indexes with the default order, decision 0025), so a sort ending on one breaks its ties by
 * `created_at` before `id`, and one index serves the whole order.
 */
export const GroupedFields: ReadonlyArray<SortField> = [
  "status",
  "user_right_id",
  "regulation_id",
  "organization_user_id"
]

/**
 * Every key a listing is ordered by: the sort, then its tie-breaks (`created_at` after a grouped
 * field, then `id`), in the direction of the sort's last key (ascending with no sort).
 */
export const orderKeys = (sort: Sort): ReadonlyArray<SortKey> => {
  const last = sort.at(-1)
  const direction = last?.direction ?? 1
  return [
    ...sort,
    ...(last !== undefined && GroupedFields.includes(last.field) ? [{ field: "created_at" as const, direction }] : []),
    { field: "id" as const, direction }
  ]
}

/**
 * The orders, field by field before the final `id` (`[]`: by `id` alone), that an index of both
 * SQL stores reads in order, forwards (all ascending) or backwards (all descending);
 * `SqliteStores.test.ts` checks each against SQLite's query plan.
 */
export const IndexedOrders: ReadonlyArray<ReadonlyArray<SortField>> = [
  [],
  ["created_at"],
  ["updated_at"],
  ["expires_at"],
  ["source_id"],
  ["validation_id"],
  ["duplicate_of"],
  ...GroupedFields.map((field) => [field, "created_at" as const])
]

/** The conditions every match meets each on its own: the members of the top-level `And`s. */
export function conjuncts(condition: ConditionEncoded): ReadonlyArray<ConditionEncoded>
export function conjuncts(condition: Condition): ReadonlyArray<Condition>
export function conjuncts(condition: Condition | ConditionEncoded): ReadonlyArray<Condition | ConditionEncoded> {
  return condition._tag === "And"
    ? condition.conditions.flatMap((member) => conjuncts(member as Condition))
    : [condition]
}

/** The fields the condition holds to one value for every match (a top-level equality). */
const pinnedBy = (condition: Condition): ReadonlyArray<ScalarField> =>
  conjuncts(condition).flatMap((member) => member._tag === "Compare" && member.op === "eq" ? [member.field] : [])

/**
 * The order of `IndexedOrders` that gives the query's, if one does, so a page of it reads only the
 * page (at any depth, by cursor). Keys the filter pins to one value order nothing; the rest must
 * run in one direction, then match an indexed order. Other orders sort every match, which
 * `QueryLimits.sorted` bounds.
 */
export const indexedOrderOf = (query: Pick<RequestQuery, "sort" | "where">): ReadonlyArray<SortField> | undefined => {
  const pinned = pinnedBy(query.where)
  // A key after one on the same field orders nothing more.
  const keys = orderKeys(query.sort).filter(({ field }, i, all) =>
    !pinned.includes(field) && all.findIndex((key) => key.field === field) === i
  )
  const fields = keys.map(({ field }) => field)
  const untied = fields.at(-1) === "id" ? fields.slice(0, -1) : fields
  return keys.every(({ direction }) => direction === keys[0]!.direction)
    ? IndexedOrders.find((order) => order.length === untied.length && order.every((field, i) => field === untied[i]))
    : undefined
}

/** Whether an index gives the query's order (`indexedOrderOf`). */
export const isIndexedOrder = (query: Pick<RequestQuery, "sort" | "where">): boolean =>
  indexedOrderOf(query) !== undefined
