import { type ConditionEncoded, conjuncts, QueryLimits, type SortField } from "@dsar/http"

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

/** A top-level condition, or the comparisons of one field together, an index could answer, and that index. */
export interface Pin {
  readonly condition: ConditionEncoded
  readonly index: string
}

/** A pin and the order its index gives the rows it reads, if any (`IndexedOrders`' form: the final `id` left out). */
interface Reading extends Pin {
  readonly gives: ReadonlyArray<SortField> | undefined
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
        return [{ condition, index: index.name, gives: index.order }]
      }
      case "Null": {
        const index = FilterIndexes[condition.field]
        return index === undefined
          ? []
          : [{ condition, index: index.name, gives: givenBy(condition.field, index, condition.negated) }]
      }
      case "In": {
        const index = condition.negated || condition.field === "id" ? undefined : FilterIndexes[condition.field]
        return index === undefined ? [] : [{ condition, index: index.name, gives: undefined }]
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
      condition: compared.length === 1 ? compared[0]! : { _tag: "And", conditions: compared },
      index: index.name,
      gives: givenBy(field, index, !onValue)
    }]
  })
]

/** The index whose rows of one organisation are in `order`, when one is. */
const orderIndex = (order: ReadonlyArray<SortField>): string | undefined => {
  const [field, ...rest] = order
  const index = field === undefined ? undefined : FilterIndexes[field]
  return index !== undefined && index.order.join() === rest.join() ? index.name : undefined
}

/**
 * How a listing in `order` (its order of `IndexedOrders`, or none) may be read: its `pins`, the
 * other ways than along its order (`readingsOfConditions`); and the index that reads it in its
 * order (`ordered`: a pin's that does, else the order's own), when one does.
 */
export const readingsOf = (
  where: ConditionEncoded,
  order: ReadonlyArray<SortField> | undefined
): { readonly pins: ReadonlyArray<Pin>; readonly ordered: string | undefined } => {
  const readings = readingsOfConditions(conjuncts(where))
  const givesOrder = (reading: Reading) =>
    order !== undefined && reading.gives !== undefined && reading.gives.join() === order.join()
  return {
    pins: readings.filter((reading) => !givesOrder(reading)).map(({ condition, index }) => ({ condition, index })),
    ordered: readings.find(givesOrder)?.index ?? (order === undefined ? undefined : orderIndex(order))
  }
}

/**
 * Of the pins, whose matches were counted (up to `QueryLimits.sorted + 1`), the index to read the
 * page from instead of the order's, if any: the one with fewest matches, when they are few enough
 * to sort (`QueryLimits.sorted`) and fewer than the rows the order's index would walk to fill the
 * page, about `(skip + limit) * stored / matches` when the matches are spread evenly over the
 * organisation's `stored` requests.
 */
export const narrowestIndex = (
  counted: ReadonlyArray<{ readonly index: string; readonly matches: number }>,
  page: { readonly stored: number; readonly limit: number; readonly skip: number }
): string | undefined => {
  const fewest = counted.reduce<(typeof counted)[number] | undefined>(
    (best, pin) => best === undefined || pin.matches < best.matches ? pin : best,
    undefined
  )
  return fewest !== undefined && fewest.matches <= QueryLimits.sorted &&
      fewest.matches * fewest.matches <= (page.skip + page.limit) * page.stored
    ? fewest.index
    : undefined
}
