import { OpenStatuses } from "./lifecycle.js"
import type { Status } from "./Status.js"

const DAY_MS = 86_400_000

type Waiting = { readonly status: Status; readonly expires_at: Date }

const isOpen = (status: Status) => (OpenStatuses as ReadonlyArray<Status>).includes(status)

/**
 * Overdue: still waiting for its answer (one of the open statuses) and past its response
 * deadline. The listing form is what a store or the hosted API filters on; `isOverdue` is the
 * same rule for one request.
 */
export const overdueCriteria = (now: Date) => ({ status: OpenStatuses, expires_before: now }) as const

export const isOverdue = (request: Waiting, now: Date): boolean =>
  isOpen(request.status) && request.expires_at.getTime() < overdueCriteria(now).expires_before.getTime()

/**
 * Due soon: still waiting for its answer, not overdue, and its deadline less than `days` days
 * away. Every open request is either overdue or due within some number of days, never both. The
 * listing form is a range of deadlines, `[expires_from, expires_before)`.
 */
export const dueSoonCriteria = (now: Date, days: number) =>
  ({
    status: OpenStatuses,
    expires_from: now,
    expires_before: new Date(now.getTime() + days * DAY_MS)
  }) as const

export const isDueSoon = (request: Waiting, now: Date, days: number): boolean => {
  const criteria = dueSoonCriteria(now, days)
  const deadline = request.expires_at.getTime()
  return isOpen(request.status) && deadline >= criteria.expires_from.getTime() &&
    deadline < criteria.expires_before.getTime()
}
