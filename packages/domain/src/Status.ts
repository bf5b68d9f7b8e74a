import { Schema } from "effect"

/** Every status a privacy request can be in, in lifecycle order. */
export const Statuses = ["unverified", "verified", "work_in_progress", "fulfilled", "refused", "archived"] as const

export const Status = Schema.Literal(...Statuses).annotations({
  identifier: "Status",
  description: "Where the request stands in its lifecycle. `unverified` waits for the requester to confirm their identity; `archived` is terminal.",
  message: () => ({ message: `must be one of ${Statuses.join(", ")}`, override: true })
})
export type Status = typeof Status.Type

/** The statuses of a request still waiting for its answer: past its deadline in one of them, it is overdue. */
export const OpenStatuses = ["unverified", "verified", "work_in_progress"] as const satisfies ReadonlyArray<Status>

/** The statuses of a request that got its answer: a retention period counts from its last change in one of them. */
export const ClosedStatuses = ["fulfilled", "refused", "archived"] as const satisfies ReadonlyArray<Status>
