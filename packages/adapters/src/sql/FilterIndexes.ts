import { type ConditionEncoded, conjuncts, fieldsOf, QueryLimits, type SortField } from "@dsar/http"

/**
 * The indexes of `requests` that go on from the organisation with one field (migrations 0001, 0008,
 * 0018 and 0022), and the order their rows of one value are in. The ids' is the key SQLite made for
 * `UNIQUE (organization_id, id)` (migration 0001, the table never rebuilt), used for ranges only:
 * SQLite finds one id by the key itself.
 */
export const FilterIndexes: Readonly<
  Record<string, { readonly name: string; readonly order: ReadonlyArray<SortField> }>
> = {
  status: { name: "requests_status", order: ["created_at"] },
  user_right_id: { name: "requests_user_right", order: ["created_at"] },
  regulation_id: { name: "requests_regulation", order: ["created_at"] },
  organization_user_id: { name: "requests_user", order: ["created_at"] },
  recipient: { name: "requests_recipient", order: ["created_at"] },
  source_id: { name: "requests_source", order: [] },
  validation_id: { name: "requests_validation", order: [] },
  duplicate_of: { name: "requests_duplicate_of", order: [] },
  created_at: { name: "requests_created", order: [] },
  updated_at: { name: "requests_updated", order: [] },
  expires_at: { name: "requests_expires", order: [] },
  id: { name: "sqlite_autoindex_requests_2", order: [] }
}

/** The columns the databases keep counts by (migrations 0003 and 0025), besides the organisation. */
const Counted: ReadonlyArray<string> = ["status", "user_right_id", "regulation_id"]

/** Whether the condition names those columns alone, however combined: the kept counts then answer it. */
export const onCountedOnly = (condition: ConditionEncoded) =>
  fieldsOf(condition).every((field) => Counted.includes(field))

/** A top-level condition, or the comparisons of one field together, an index could answer, and that index. */
export interface IndexPin {
  readonly _tag: "Index"
  readonly condition: ConditionEncoded
  readonly index: string
}

/**
 * A top-level `$or` each of whose branches an index could narrow, and those reads: its matches are
 * among their rows together (SQLite reads no `$or` through several indexes while the organisation's
 * term sits outside it).
 */
export interface UnionPin {
  readonly _tag: "Union"
  readonly condition: ConditionEncoded
  readonly branches: ReadonlyArray<IndexPin>
  /** Whether each branch is its read's condition alone, and the `$or` the listing's only condition: its reads, without repeats, are then the listing's matches. */
  readonly exact: boolean
}

export type Pin = IndexPin | UnionPin

/**
 * A pin and the order its index gives the rows it reads, if any (`IndexedOrders`' form: the final
 * `id` left out), and how many values of its field it reads: one, several, or a range of them.
 */
interface Reading extends IndexPin {
  readonly gives: ReadonlyArray<SortField> | undefined
  readonly breadth: 0 | 1 | 2
}

/** The order a read of `field`'s index gives: for one value, the index's own; for a range, the field's first. */
const givenBy = (field: string, index: (typeof FilterIndexes)[string], range: boolean): ReadonlyArray<SortField> =>
  !range ? index.order : field === "id" ? [] : [field as SortField, ...index.order]

/**
 * The ways to read a listing's matches through one field's index: its recipient; its absences (one
 * value) and presences (a range) of a field; its `In` lists (an index read for several values gives
 * no order); and its comparisons of one field, together, but `ne`: one value, or a range.
 */
const readingsOfConditions = (conditions: ReadonlyArray<ConditionEncoded>): ReadonlyArray<Reading> => [
  ...conditions.flatMap((condition): ReadonlyArray<Reading> => {
    switch (condition._tag) {
      case "Recipient": {
        const index = FilterIndexes.recipient!
        return [{ _tag: "Index", condition, index: index.name, gives: index.order, breadth: 0 }]
      }
      case "Null": {
        const index = FilterIndexes[condition.field]
        return index === undefined
          ? []
          : [{
            _tag: "Index",
            condition,
            index: index.name,
            gives: givenBy(condition.field, index, condition.negated),
            breadth: condition.negated ? 2 : 0
          }]
      }
      case "In": {
        const index = condition.negated || condition.field === "id" ? undefined : FilterIndexes[condition.field]
        return index === undefined
          ? []
          : [{ _tag: "Index", condition, index: index.name, gives: undefined, breadth: 1 }]
      }
      default:
        return []
    }
  }),
  ...Object.entries(FilterIndexes).flatMap(([field, index]): ReadonlyArray<Reading> => {
    const compared = conditions.filter((condition) =>
      condition._tag === "Compare" && condition.field === field && condition.op !== "ne"
    )
    const onValue = compared.some((condition) => condition._tag === "Compare" && condition.op === "eq")
    if (compared.length === 0 || (field === "id" && onValue)) return []
    return [{
      _tag: "Index",
      condition: compared.length === 1 ? compared[0]! : { _tag: "And", conditions: compared },
      index: index.name,
      gives: givenBy(field, index, !onValue),
      breadth: onValue ? 0 : 2
    }]
  })
]

/** The index whose rows of one organisation are in `order`, when one is. */
const orderIndex = (order: ReadonlyArray<SortField>): string | undefined => {
  const [field, ...rest] = order
  const index = field === undefined ? undefined : FilterIndexes[field]
  return index !== undefined && index.order.join() === rest.join() ? index.name : undefined
}

/** Of several, the first with the fewest matches. */
export const fewest = <A extends { readonly matches: number }>(counted: ReadonlyArray<A>): A | undefined =>
  counted.reduce<A | undefined>((best, pin) => best === undefined || pin.matches < best.matches ? pin : best, undefined)

/**
 * A branch of an `$or` is read through the reading that looks narrowest, as counting each of every
 * branch's could cost more than the walk it saves: one value before several before a range, and
 * fields whose values each hold a share of the organisation (the counted ones) last.
 */
const likelyNarrowest = (readings: ReadonlyArray<Reading>): Reading | undefined =>
  fewest(readings.map((reading) => ({
    reading,
    matches: reading.breadth + (onCountedOnly(reading.condition) ? 3 : 0)
  })))?.reading

/** The branches of an `$or`, those of an `$or` within it among them. */
const disjuncts = (condition: ConditionEncoded): ReadonlyArray<ConditionEncoded> =>
  condition._tag === "Or" ? condition.conditions.flatMap(disjuncts) : [condition]

/** The `$or` as the union of a read per branch, when every branch has one. */
const unionOf = (condition: ConditionEncoded, alone: boolean): ReadonlyArray<UnionPin> => {
  if (condition._tag !== "Or" || disjuncts(condition).length === 0) return []
  const branches = disjuncts(condition).map((branch) => {
    const conditions = conjuncts(branch)
    const reading = likelyNarrowest(readingsOfConditions(conditions))
    // A reading takes one condition of its branch, or the comparisons of its field together.
    const taken = reading?.condition._tag === "And" ? reading.condition.conditions.length : 1
    return reading === undefined ? undefined : { reading, whole: taken === conditions.length }
  })
  return branches.every((branch) => branch !== undefined)
    ? [{
      _tag: "Union",
      condition,
      branches: branches.map(({ reading: { condition, index } }) => ({ _tag: "Index", condition, index })),
      exact: alone && branches.every((branch) => branch.whole)
    }]
    : []
}

/**
 * How a listing in `order` (its order of `IndexedOrders`, or none) may be read: its `pins`, the
 * other ways than along its order (`readingsOfConditions`, and its `$or`s as unions); and the index
 * that reads it in its order (`ordered`: a pin's that does, else the order's own), when one does.
 * An equality whose index gives the order reads only its matches, in order: no union is weighed
 * against it.
 */
export const readingsOf = (
  where: ConditionEncoded,
  order: ReadonlyArray<SortField> | undefined
): { readonly pins: ReadonlyArray<Pin>; readonly ordered: string | undefined } => {
  const conditions = conjuncts(where)
  const readings = readingsOfConditions(conditions)
  const givesOrder = (reading: Reading) =>
    order !== undefined && reading.gives !== undefined && reading.gives.join() === order.join()
  return {
    pins: [
      ...readings.filter((reading) => !givesOrder(reading)).map(({ _tag, condition, index }) => ({
        _tag,
        condition,
        index
      })),
      ...(readings.some(givesOrder)
        ? []
        : conditions.flatMap((condition) => unionOf(condition, conditions.length === 1)))
    ],
    ordered: readings.find(givesOrder)?.index ?? (order === undefined ? undefined : orderIndex(order))
  }
}

/**
 * Of the pins, whose matches were counted (up to `QueryLimits.sorted + 1` at least), the one to read the
 * page through instead of the order's index, if any: the one with fewest matches, when they are few
 * enough to sort (`QueryLimits.sorted`) and fewer than the rows the order's index would walk to fill
 * the page, about `(skip + limit) * stored / matches` when the matches are spread evenly over the
 * organisation's `stored` requests.
 */
export const narrowest = <A extends { readonly matches: number }>(
  counted: ReadonlyArray<A>,
  page: { readonly stored: number; readonly limit: number; readonly skip: number }
): A | undefined => {
  const pin = fewest(counted)
  return pin !== undefined && pin.matches <= QueryLimits.sorted &&
      pin.matches * pin.matches <= (page.skip + page.limit) * page.stored
    ? pin
    : undefined
}

/**
 * Whether a union's total is counted over its reads (`matches` of them, counted up to a quarter of
 * the `stored` or `QueryLimits.sorted + 1`) instead of by walking the organisation: only while they
 * are that few, as looking a read up costs about twice a walked row read from the table, and more
 * than a row of an index that holds every column of the `$or` (measured).
 */
export const unionCounts = (matches: number, stored: number) =>
  matches <= Math.max(QueryLimits.sorted, Math.floor(stored / 4))
