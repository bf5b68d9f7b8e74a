import { OpenStatuses } from "./lifecycle.js"
import type { Status } from "./Status.js"

/**
 * Overdue: still waiting for its answer (one of the open statuses) and past its response
 * deadline. The listing form is what a store or the hosted API filters on; `isOverdue` is the
 * same rule for one request.
 */
export const overdueCriteria = (now: Date) => ({ status: OpenStatuses, expires_before: now }) as const

export const isOverdue = (request: { readonly status: Status; readonly expires_at: Date }, now: Date): boolean => {
  const criteria = overdueCriteria(now)
  return (
    (criteria.status as ReadonlyArray<Status>).includes(request.status) &&
    request.expires_at.getTime() < criteria.expires_before.getTime()
  )
}
