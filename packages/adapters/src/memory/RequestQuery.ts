import { recipientKey, recipientKeyOf, type Request } from "@dsar/domain"
import { type Condition, orderKeys, type RequestPage, type RequestQuery, type ScalarField } from "@dsar/http"

// The stores' semantics (stated with the port's `Condition`), restated over values in memory: the
// reference the SQL stores are checked against.

type Scalar = string | Date | null

/** Code-point order, as SQL's binary collation compares UTF-8: JavaScript's `<` compares UTF-16 code units. */
const compareText = (a: string, b: string) => {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) {
      // Surrogates (U+D800..U+DFFF) encode code points above every other code unit's.
      const rank = (
        unit: number
      ) => (unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit)
      return rank(x) - rank(y)
    }
  }
  return a.length - b.length
}

/** Absent sorts before any value. */
const compare = (a: Scalar, b: Scalar): number =>
  a === null || b === null
    ? (a === null ? 0 : 1) - (b === null ? 0 : 1)
    : a instanceof Date || b instanceof Date
    ? new Date(a).getTime() - new Date(b).getTime()
    : compareText(a, b)

// A request not marked as a possible duplicate has no `duplicate_of` at all; the stores read it as null.
const valueOf = (request: Request, field: ScalarField): Scalar => request[field] ?? null

export const holds = (condition: Condition, request: Request): boolean => {
  switch (condition._tag) {
    case "And":
      return condition.conditions.every((inner) => holds(inner, request))
    case "Or":
      return condition.conditions.some((inner) => holds(inner, request))
    case "Null":
      return (valueOf(request, condition.field) === null) !== condition.negated
    case "Recipient":
      return recipientKeyOf(request) === recipientKey(condition.address)
    case "In": {
      const value = valueOf(request, condition.field)
      const among = value !== null && condition.values.some((candidate) => compare(value, candidate) === 0)
      return among !== condition.negated
    }
    case "Compare": {
      const value = valueOf(request, condition.field)
      if (value === null) return condition.op === "ne"
      const order = compare(value, condition.value)
      switch (condition.op) {
        case "eq":
          return order === 0
        case "ne":
          return order !== 0
        case "lt":
          return order < 0
        case "lte":
          return order <= 0
        case "gt":
          return order > 0
        case "gte":
          return order >= 0
      }
    }
  }
}

const orderOf = (sort: RequestQuery["sort"]) => {
  const keys = orderKeys(sort)
  return (a: Request, b: Request) => {
    for (const { field, direction } of keys) {
      const order = compare(valueOf(a, field), valueOf(b, field))
      if (order !== 0) return order * direction
    }
    return 0
  }
}

/** One page of the requests matching `query`, and how many match in all. */
export const pageOf = (requests: Iterable<Request>, query: RequestQuery): RequestPage => {
  const matching = Array.from(requests)
    .filter((request) => request.organization_id === query.organization_id && holds(query.where, request))
    .sort(orderOf(query.sort))
  const { after } = query
  const rest = after === undefined ? matching : matching.filter((request) => holds(after, request))
  return { items: rest.slice(query.skip, query.skip + query.limit), total: matching.length }
}
