import { Schema } from "effect"
import { ValidationId } from "./Ids.js"
import { Timestamp } from "./Timestamp.js"

/** How the requester's identity is confirmed: an emailed approval link. */
export const Validation = Schema.Struct({
  id: ValidationId,
  created_at: Timestamp,
  updated_at: Timestamp,
  type: Schema.Literal("email"),
  approve_url: Schema.NullOr(Schema.String).annotations({
    description: "The approval link emailed to the requester; opening and confirming it verifies the request."
  })
}).annotations({ identifier: "Validation" })
export type Validation = typeof Validation.Type

/**
 * The validation without its approval URL. The URL carries the link's token, the requester's
 * only credential: once its email is out (or the link's use is over) only the link's digest is
 * kept at rest (decision 0012).
 */
export const withoutApprovalUrl = (validation: Validation | null): Validation | null =>
  validation === null || validation.approve_url === null ? validation : { ...validation, approve_url: null }

/**
 * A request with its approval URL kept only while confirming can still verify it: a request that
 * has left `unverified` (by its link or otherwise) no longer needs it.
 */
export const approvalUrlKept = <R extends { readonly status: string; readonly validation: Validation | null }>(
  request: R
): R =>
  request.status === "unverified" || request.validation?.approve_url == null
    ? request
    : { ...request, validation: withoutApprovalUrl(request.validation) }
