import { type OrganizationId, OrganizationUserId } from "@dsar/domain"
import { Effect, Either, Schema } from "effect"
import { type BadRequest, badRequestFor } from "../ApiErrors.js"
import { everyStored } from "../client/Paging.js"
import { type ListQuery, parseListQuery, recipientCondition, toRequestQuery } from "../ListQuery.js"
import type { Condition } from "../ports/RequestQuery.js"
import { RequestsService } from "../services/Requests.js"

// The console's list takes the API's query string, so any listing the API answers is a console URL
// (the dashboard's figures link to theirs). A form submitted without script adds what the query
// language cannot say as a browser sends it: empty fields (ignored), `q` (search by email or user
// id) and `sort` (`created_at` or `-created_at`, for `$sort`, whose field is in its key).

export interface ConsoleListing {
  readonly query: ListQuery
  /** The search as typed, trimmed; empty for none. */
  readonly q: string
  /** The listing as the API's query string, without `$skip` and `$limit`: what its CSV and its pages share. */
  readonly filter: string
}

/** The condition a search states: an email's recipient (the API's `email=`), else a user id; `undefined` for neither. */
const searched = (q: string): Condition | undefined => {
  if (q.includes("@")) return recipientCondition(q)
  const user = Schema.decodeUnknownEither(OrganizationUserId)(q)
  return Either.isLeft(user)
    ? undefined
    : { _tag: "Compare", field: "organization_user_id", op: "eq", value: user.right }
}

/** Reads a console list URL's query string, or the 400 naming what is wrong in it. */
export const readConsoleListing = (search: string): Either.Either<ConsoleListing, BadRequest> => {
  const api = new URLSearchParams()
  let q = ""
  for (const [key, value] of new URLSearchParams(search)) {
    if (value.trim() === "") continue
    if (key === "q") q = value.trim()
    else if (key === "sort") api.append(`$sort[${value.replace(/^-/, "")}]`, value.startsWith("-") ? "-1" : "1")
    else api.append(key, value)
  }
  const filter = new URLSearchParams([...api].filter(([key]) => key !== "$skip" && key !== "$limit"))
  return Either.flatMap(parseListQuery(api.toString()), (query) => {
    if (query.organization_id !== undefined) {
      return Either.left(badRequestFor([{ path: "organization_id", message: "is the signed-in operator's, always" }]))
    }
    if (q === "") return Either.right({ query, q, filter: filter.toString() })
    const condition = searched(q)
    if (condition === undefined) {
      return Either.left(badRequestFor([{ path: "q", message: "must be an email or a user id" }]))
    }
    return Either.right({
      query: { ...query, where: { _tag: "And", conditions: [query.where, condition] } },
      q,
      filter: filter.toString()
    })
  })
}

/** Every request of a listing (its `$skip` and `$limit` aside), page by page, each page a store query. */
export const everyListed = (organization_id: OrganizationId, listing: ConsoleListing, pageSize = 100) =>
  Effect.map(
    RequestsService,
    (requests) => everyStored(toRequestQuery(organization_id, listing.query), pageSize, requests.list)
  )

/** The page of the listing its `$skip` and `$limit` ask for, and how many requests it holds in all. */
export const listingPage = (organization_id: OrganizationId, listing: ConsoleListing) =>
  Effect.flatMap(RequestsService, (requests) => requests.list(toRequestQuery(organization_id, listing.query)))
