import { DeliveryState, OutboxMessage, RequestEmail } from "@dsar/http"
import { Schema } from "effect"

/** `to` is a reserved word in SQL, hence the `recipient` column. */
export const OutboxRow = Schema.Struct({
  ...OutboxMessage.omit("to", "variables").fields,
  to: Schema.propertySignature(OutboxMessage.fields.to).pipe(Schema.fromKey("recipient")),
  variables: Schema.parseJson(OutboxMessage.fields.variables)
})

/** A row read for the delivery worker: the message and its bookkeeping (`QueuedMessage`). */
export const QueuedRow = Schema.Struct({ ...OutboxRow.fields, ...DeliveryState.fields })

/** A row as a request's email: its bookkeeping, never its recipient or variables. */
export const EmailRow = RequestEmail.omit("state")
