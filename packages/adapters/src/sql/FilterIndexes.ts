import {
  type ConditionEncoded,
  conjuncts,
  type InstantField,
  InstantFields,
  QueryLimits,
  type SortField
} from "@dsar/http"

/**
 * The indexes of `requests` that go on from the organisation with one field a filter can pin to a
 * value (migrations 0008, 0018 and 0022), and the order their rows of one value are in.
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
  duplicate_of: { name: "requests_duplicate_of", order: [] }
}

/**
 * The indexes that go on from the organisation with an instant, then the id (migration 0008): read
 * for a range of that instant, they give its order; for one instant, the ids'.
 */
export const InstantIndexes: Readonly<Record<InstantField, string>> = {
  created_at: "requests_created",
  updated_at: "requests_updated",
  expires_at: "requests_expires"
}

/** A top-level condition, or the bounds of one instant together, an index could answer, and that index. */
export interface Pin {
  readonly condition: ConditionEncoded
  readonly index: string
}

/** A pin and the order its index gives the rows it reads, if any. */
interface Reading extends Pin {
  readonly gives: ReadonlyArray<SortField> | undefined
}

/** The equalities and `In` lists on a field with an index of its own. An index read for several values gives no order. */
const valueReadings = (conditions: ReadonlyArray<ConditionEncoded>): ReadonlyArray<Reading> =>
  conditions.flatMap((condition) => {
    const field = condition._tag === "Recipient"
      ? "recipient"
      : (condition._tag === "Compare" && condition.op === "eq") || (condition._tag === "In" && !condition.negated)
      ? condition.field
      : undefined
    const index = field === undefined ? undefined : FilterIndexes[field]
    return index === undefined
      ? []
      : [{ condition, index: index.name, gives: condition._tag === "In" ? undefined : index.order }]
  })

/** The bounds (and equalities) on each instant, together: one range of its index. */
const rangeReadings = (conditions: ReadonlyArray<ConditionEncoded>): ReadonlyArray<Reading> =>
  InstantFields.flatMap((field) => {
    const bounds = conditions.filter((condition) =>
      condition._tag === "Compare" && condition.field === field && condition.op !== "ne"
    )
    if (bounds.length === 0) return []
    const pinned = bounds.some((bound) => bound._tag === "Compare" && bound.op === "eq")
    return [{
      condition: bounds.length === 1 ? bounds[0]! : { _tag: "And", conditions: bounds },
      index: InstantIndexes[field],
      gives: pinned ? [] : [field]
    }]
  })

/** The index whose rows of one organisation are in `order`, when one is. */
const orderIndex = (order: ReadonlyArray<SortField>): string | undefined => {
  const [field, ...rest] = order
  if (field === undefined) return undefined
  if (rest.length === 0 && (InstantFields as ReadonlyArray<string>).includes(field)) {
    return InstantIndexes[field as InstantField]
  }
  const index = FilterIndexes[field]
  return index !== undefined && index.order.join() === rest.join() ? index.name : undefined
}

/**
 * How a listing in `order` (its order of `IndexedOrders`, or none) may be read: its `pins`, the
 * other ways than along its order (its equalities and `In` lists an index of their field could
 * answer, and its ranges of an instant); and the index that reads it in its order
 * (`ordered`: an equality's whose rows are in that order, or the order's own), when one does.
 */
export const readingsOf = (
  where: ConditionEncoded,
  order: ReadonlyArray<SortField> | undefined
): { readonly pins: ReadonlyArray<Pin>; readonly ordered: string | undefined } => {
  const conditions = conjuncts(where)
  const readings = [...valueReadings(conditions), ...rangeReadings(conditions)]
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
