import { Schema } from "effect"
import { Statuses } from "./lifecycle.js"

export const Status = Schema.Literal(...Statuses).annotations({
  identifier: "Status",
  description:
    "Where the request stands in its lifecycle. `unverified` waits for the requester to confirm their identity; `archived` is terminal.",
  message: () => ({ message: `must be one of ${Statuses.join(", ")}`, override: true })
})
export type Status = typeof Status.Type
