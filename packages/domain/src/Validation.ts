import { Schema } from "effect"
import { Timestamp } from "./Timestamp.js"
import { ValidationId } from "./Ids.js"

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
