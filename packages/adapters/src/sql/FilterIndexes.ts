import { type ConditionEncoded, conjuncts, QueryLimits, type SortField } from "@dsar/http"

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

/** A top-level equality, or `In` list, whose field has an index of its own, and that index. */
export interface Pin {
  readonly condition: ConditionEncoded
  readonly index: string
}

/**
 * The equalities and `In` lists of `where` an index of their field could answer, but for an
 * equality whose index also gives `order` (the listing's order of `IndexedOrders`, or none): the
 * other ways to read a listing. An index read for several values gives no order.
 */
export const pinsOf = (where: ConditionEncoded, order: ReadonlyArray<SortField> | undefined): ReadonlyArray<Pin> =>
  conjuncts(where).flatMap((condition) => {
    const field = condition._tag === "Recipient"
      ? "recipient"
      : (condition._tag === "Compare" && condition.op === "eq") || (condition._tag === "In" && !condition.negated)
      ? condition.field
      : undefined
    const index = field === undefined ? undefined : FilterIndexes[field]
    const givesOrder = condition._tag !== "In" && order !== undefined && index?.order.join() === order.join()
    return index === undefined || givesOrder ? [] : [{ condition, index: index.name }]
  })

/**
 * Of the pins, whose matches were counted (up to `QueryLimits.sorted + 1`), the index to read the
 * page from instead of the order's, if any: the one with fewest matches, when they are few enough
 * to sort (`QueryLimits.sorted`) and fewer than the rows the order's index would walk to fill the
 * page, about `(skip + limit) * stored / matches` when the pinned value is spread evenly over the
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
