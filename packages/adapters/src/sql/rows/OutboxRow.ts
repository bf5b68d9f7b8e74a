import { Schema } from "effect"
import { OutboxMessageSchema } from "../../records/OutboxMessage.js"

/** `to` is a reserved word in SQL, hence the `recipient` column. */
export const OutboxRow = Schema.Struct({
  ...OutboxMessageSchema.omit("to", "variables").fields,
  to: Schema.propertySignature(OutboxMessageSchema.fields.to).pipe(Schema.fromKey("recipient")),
  variables: Schema.parseJson(OutboxMessageSchema.fields.variables)
})
