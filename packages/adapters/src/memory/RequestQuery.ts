import type { Request } from "@dsar/domain"
import type { Range, RequestPage, RequestQuery, SortField } from "@dsar/http"
import { Order } from "effect"

// The SQL adapters' semantics, restated: text compares by code unit (SQL's binary collation on the
// ASCII values stored), instants by time, and `id` ascending breaks every tie.

const among = <A>(allowed: ReadonlyArray<A> | undefined, value: A) => allowed === undefined || allowed.includes(value)

const within = (range: Range | undefined, at: Date) =>
  range === undefined ||
  ((range.gte === undefined || at.getTime() >= range.gte.getTime()) &&
    (range.lt === undefined || at.getTime() < range.lt.getTime()))

const matches = (query: RequestQuery) => (request: Request) =>
  request.organization_id === query.organization_id &&
  among(query.status, request.status) &&
  among(query.user_right_id, request.user_right_id) &&
  among(query.regulation_id, request.regulation_id) &&
  (query.organization_user_id === undefined || request.organization_user_id === query.organization_user_id) &&
  within(query.created_at, request.created_at) &&
  within(query.expires_at, request.expires_at)

const byField: { readonly [F in SortField]: Order.Order<Request> } = {
  created_at: Order.mapInput(Order.Date, (request) => request.created_at),
  updated_at: Order.mapInput(Order.Date, (request) => request.updated_at),
  expires_at: Order.mapInput(Order.Date, (request) => request.expires_at),
  status: Order.mapInput(Order.string, (request) => request.status),
  user_right_id: Order.mapInput(Order.string, (request) => request.user_right_id)
}

const byId = Order.mapInput(Order.string, (request: Request) => request.id)

const orderOf = (sort: RequestQuery["sort"]) =>
  Order.combineAll([
    ...sort.map(({ field, direction }) => (direction === 1 ? byField[field] : Order.reverse(byField[field]))),
    byId
  ])

/** One page of the requests matching `query`, and how many match in all. */
export const pageOf = (requests: Iterable<Request>, query: RequestQuery): RequestPage => {
  const matching = Array.from(requests).filter(matches(query)).sort(orderOf(query.sort))
  return { items: matching.slice(query.skip, query.skip + query.limit), total: matching.length }
}
