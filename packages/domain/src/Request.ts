import { Schema } from "effect"
import { Erasure } from "./Erasure.js"
import { ExtraMessageVariables } from "./ExtraMessageVariables.js"
import { OrganizationId, OrganizationUserId, RequestId, SourceId, ValidationId } from "./Ids.js"
import { Language } from "./Language.js"
import { Metadata } from "./Metadata.js"
import { Refusal } from "./Refusal.js"
import { RegulationId } from "./Regulations.js"
import { RequestField } from "./RequestField.js"
import { Source } from "./Source.js"
import { Status } from "./Status.js"
import { Timestamp } from "./Timestamp.js"
import { UserRightId } from "./UserRights.js"
import { Validation } from "./Validation.js"

/** A privacy request, as the hosted API's list and get responses show it. */
export const Request = Schema.Struct({
  id: RequestId,
  created_at: Timestamp,
  updated_at: Timestamp,
  organization_id: OrganizationId,
  organization_user_id: OrganizationUserId,
  status: Status,
  metadata: Metadata,
  // The hosted API's list response may omit it; an absent object reads as empty.
  extra_message_variables: Schema.optionalWith(ExtraMessageVariables, { default: () => ({}) }),
  source_id: SourceId,
  validation_id: Schema.NullOr(ValidationId),
  user_right_id: UserRightId,
  regulation_id: RegulationId,
  expires_at: Timestamp.annotations({
    description: "The legal response deadline: the right's `deadline` after `created_at`, moved by any extension."
  }),
  domain: Schema.Null,
  source: Source,
  validation: Schema.NullOr(Validation),
  request_fields: Schema.Array(RequestField),
  // An extension of the hosted API, whose responses lack it (its requests are then written to in
  // the organisation's default language); every request created here has it.
  language: Schema.optionalWith(
    Language.annotations({ description: "The language of the requester's emails and link pages (extension)." }),
    { exact: true }
  ),
  // Extensions of the hosted API, present only when they apply.
  refusal: Schema.optionalWith(
    Refusal.annotations({
      description: "Why the request was refused, as the requester was told; absent unless it was."
    }),
    { exact: true }
  ),
  duplicate_of: Schema.optionalWith(
    RequestId.annotations({
      description:
        "The open request of the same user for the same right that this one possibly repeats, as found when it was created; absent otherwise."
    }),
    { exact: true }
  ),
  // An extension of the hosted API, present only once the request's personal data was erased.
  erasure: Schema.optionalWith(Erasure, { exact: true })
}).annotations({ identifier: "Request", description: "A data-subject request." })
export type Request = typeof Request.Type
export type RequestEncoded = typeof Request.Encoded
