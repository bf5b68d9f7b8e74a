import { Schema } from "effect"
import { FieldDefinition } from "./Fields.js"
import { FieldId, RequestFieldId, RequestId } from "./Ids.js"
import { Timestamp } from "./Timestamp.js"

/** One value the requester gave, with the definition that was applied to it. */
export const RequestField = Schema.Struct({
  id: RequestFieldId,
  created_at: Timestamp,
  updated_at: Timestamp,
  request_id: RequestId,
  field_id: FieldId,
  value: Schema.String,
  field: FieldDefinition
}).annotations({ identifier: "RequestField" })
export type RequestField = typeof RequestField.Type
