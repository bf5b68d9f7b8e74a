import { Schema } from "effect"
import type { FieldChange } from "./History.js"
import { Actor } from "./History.js"
import { OrganizationUserId } from "./Ids.js"
import type { Request } from "./Request.js"
import { Timestamp } from "./Timestamp.js"

/**
 * When a request's personal data was erased, and by whom. What an erased request keeps is the
 * record the law asks for (CCPA regulations §7101: 24 months): its id, right, regulation, last
 * status and dates; everything the requester gave or the organisation wrote about them is gone.
 */
export const Erasure = Schema.Struct({
  at: Timestamp,
  by: Actor
}).annotations({ identifier: "Erasure", description: "When the request's personal data was erased, and by whom." })
export type Erasure = typeof Erasure.Type

/** What an erased request shows in place of the requester's identifier. */
export const ErasedUserId = OrganizationUserId.make("erased")

/**
 * The request once its personal data is erased: the user's identifier, metadata, message
 * variables, fields, the source's country and the approval link are emptied; ids, right,
 * regulation, status and dates are kept. `updated_at` is left as it was: it dates the last change
 * of the request's processing, which a retention period counts from.
 */
export const erasedRequest = (request: Request, erasure: Erasure): Request => ({
  ...request,
  organization_user_id: ErasedUserId,
  metadata: {},
  extra_message_variables: {},
  request_fields: [],
  source: { ...request.source, country: null },
  validation: request.validation === null ? null : { ...request.validation, approve_url: null },
  erasure
})

/** A history change once erased: which field changed stays, its values go, except a status's. */
export const erasedChange = (change: FieldChange): FieldChange =>
  change.field === "status" ? change : { field: change.field, from: null, to: null }
