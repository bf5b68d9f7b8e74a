import { Either, Schema } from "effect"
import { type ExtensionProblem, ExtensionRefused, InvalidInput } from "./Errors.js"
import { OpenStatuses } from "./lifecycle.js"
import { storable } from "./Limits.js"
import type { Request } from "./Request.js"
import { InstantInput } from "./Timestamp.js"
import { latestExtendedDeadline, userRight } from "./UserRights.js"

export const ExtensionReason = storable(Schema.NonEmptyTrimmedString, 2_000).annotations({
  description: "Why the deadline is extended, as the requester is told it; at most 2,000 characters."
})

/** The body of `POST /dsar/requests/{id}/extensions`. */
export const ExtendRequest = Schema.Struct({
  reason: ExtensionReason,
  expires_at: Schema.optionalWith(InstantInput, { exact: true }).annotations({
    description: "The new deadline; by default the latest the right's extension allows."
  })
}).annotations({ identifier: "ExtendRequest", description: "A deadline extension, with its reason." })
export type ExtendRequest = typeof ExtendRequest.Type

/** What an extension does: the deadline moves from `from` to `to`. */
export interface ExtensionDecision {
  readonly from: Date
  readonly to: Date
}

/**
 * Decides an extension of `request`'s deadline at `now`, given the deadlines its earlier
 * extensions moved from (oldest first): allowed only on an open request, before its current
 * deadline, as many times as its right allows, and never past its first deadline plus the right's
 * extension period. Without `expires_at`, the deadline moves to that latest date.
 */
export const decideExtension = (
  request: Pick<Request, "id" | "status" | "user_right_id" | "expires_at">,
  earlier: ReadonlyArray<{ readonly from: Date }>,
  input: ExtendRequest,
  now: Date
): Either.Either<ExtensionDecision, ExtensionRefused | InvalidInput> => {
  const refuse = (problem: ExtensionProblem, detail: string) =>
    Either.left(new ExtensionRefused({ request_id: request.id, problem, detail }))
  const allowance = userRight(request.user_right_id).extension ?? null
  if (!(OpenStatuses as ReadonlyArray<string>).includes(request.status)) {
    return refuse("closed", `the request is ${request.status}; only an open request can be extended`)
  }
  if (allowance === null) return refuse("not_allowed", `the right ${request.user_right_id} allows no extension`)
  if (earlier.length >= allowance.times) {
    return refuse("used", `its ${earlier.length === 1 ? "extension was" : "extensions were"} used already`)
  }
  if (now.getTime() >= request.expires_at.getTime()) {
    return refuse("deadline_passed", `its deadline ${request.expires_at.toISOString()} has passed`)
  }
  const latest = latestExtendedDeadline(request.user_right_id, earlier[0]?.from ?? request.expires_at)!
  const to = input.expires_at ?? latest
  const invalid = (message: string) => Either.left(new InvalidInput({ errors: [{ path: "expires_at", message }] }))
  if (to.getTime() > latest.getTime()) return invalid(`must be no later than ${latest.toISOString()}`)
  if (to.getTime() <= request.expires_at.getTime()) {
    return invalid(`must be after the current deadline ${request.expires_at.toISOString()}`)
  }
  return Either.right({ from: request.expires_at, to })
}
