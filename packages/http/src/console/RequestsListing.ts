import { type OrganizationId, OrganizationUserId, recipientOf, type Request } from "@dsar/domain"
import { Chunk, Effect, Either, Schema, Stream } from "effect"
import { type BadRequest, badRequestFor } from "../ApiErrors.js"
import { everyStored } from "../client/Paging.js"
import { type ListQuery, parseListQuery, toRequestQuery } from "../ListQuery.js"
import type { Condition } from "../ports/RequestQuery.js"
import { RequestsService } from "../services/Requests.js"

// The console's list takes the API's query string, so any listing the API answers is a console URL
// (the dashboard's figures link to theirs). A form submitted without script adds what the query
// language cannot say as a browser sends it: empty fields (ignored), `q` (search by email or user
// id) and `sort` (`created_at` or `-created_at`, for `$sort`, whose field is in its key).

/** Requests an email search reads at most, newest first: the store has no index on emails. */
export const EmailSearchLimit = 2_000

export interface ConsoleListing {
  readonly query: ListQuery
  /** The search as typed, trimmed; empty for none. */
  readonly q: string
  /** The listing as the API's query string, without `$skip` and `$limit`: what its CSV and its pages share. */
  readonly filter: string
}

const isEmail = (q: string) => q.includes("@")

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
    if (q === "" || isEmail(q)) return Either.right({ query, q, filter: filter.toString() })
    const user = Schema.decodeUnknownEither(OrganizationUserId)(q)
    if (Either.isLeft(user)) {
      return Either.left(badRequestFor([{ path: "q", message: "must be an email or a user id" }]))
    }
    const byUser: Condition = { _tag: "Compare", field: "organization_user_id", op: "eq", value: user.right }
    return Either.right({
      query: { ...query, where: { _tag: "And", conditions: [query.where, byUser] } },
      q,
      filter: filter.toString()
    })
  })
}

export interface ListingPage {
  readonly items: ReadonlyArray<Request>
  readonly total: number
  /** An email search stopped after `EmailSearchLimit` requests without reading them all. */
  readonly truncated: boolean
}

const hasEmail = (email: string) => (request: Request) => recipientOf(request)?.toLowerCase() === email.toLowerCase()

/** Every request of a listing, page by page, each page a store query; an email search filters them. */
export const everyListed = (organization_id: OrganizationId, listing: ConsoleListing, pageSize = 100) => {
  const base = toRequestQuery(organization_id, listing.query)
  return Effect.map(RequestsService, (requests) => {
    const all = everyStored(base, pageSize, requests.list)
    return isEmail(listing.q) ? Stream.filter(Stream.take(all, EmailSearchLimit), hasEmail(listing.q)) : all
  })
}

/** The page of the listing its `$skip` and `$limit` ask for, and how many requests it holds in all. */
export const listingPage = (organization_id: OrganizationId, listing: ConsoleListing) =>
  Effect.gen(function*() {
    const requests = yield* RequestsService
    const { limit, skip } = listing.query
    if (!isEmail(listing.q)) {
      const page = yield* requests.list(toRequestQuery(organization_id, listing.query))
      return { items: page.items, total: page.total, truncated: false } satisfies ListingPage
    }
    const scanned = yield* requests.list({ ...toRequestQuery(organization_id, listing.query), skip: 0, limit: 0 })
    const matches = Chunk.toReadonlyArray(yield* Stream.runCollect(yield* everyListed(organization_id, listing)))
    return {
      items: matches.slice(skip, skip + limit),
      total: matches.length,
      truncated: scanned.total > EmailSearchLimit
    } satisfies ListingPage
  })
