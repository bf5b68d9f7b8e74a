import { ClosedStatuses, OpenStatuses } from "./lifecycle.js"
import { isOverdue } from "./Overdue.js"
import type { Status } from "./Status.js"

const DAY_MS = 86_400_000
const WEEK_MS = 7 * DAY_MS

/** A week of the dashboard's chart: `[from, to)`, Monday 00:00 UTC to the next Monday (days are UTC, decision 0015). */
export interface Week {
  readonly from: Date
  readonly to: Date
}

/** The Monday 00:00 UTC starting the week `instant` falls in. */
export const weekStartOf = (instant: Date): Date => {
  const midnight = Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate())
  const sinceMonday = (new Date(midnight).getUTCDay() + 6) % 7
  return new Date(midnight - sinceMonday * DAY_MS)
}

/**
 * The last `count` weeks up to `now`, oldest first: they follow each other without gap or
 * overlap, and the last one holds `now`. Each is what a store counts the requests received in.
 */
export const recentWeeks = (now: Date, count: number): ReadonlyArray<Week> => {
  const current = weekStartOf(now).getTime()
  return Array.from({ length: count }, (_, i) => {
    const from = current - (count - 1 - i) * WEEK_MS
    return { from: new Date(from), to: new Date(from + WEEK_MS) }
  })
}

/** How many of `instants` fall in each week. */
export const countPerWeek = (instants: ReadonlyArray<Date>, weeks: ReadonlyArray<Week>): ReadonlyArray<number> =>
  weeks.map((week) =>
    instants.filter((at) => at.getTime() >= week.from.getTime() && at.getTime() < week.to.getTime()).length
  )

type Closable = { readonly status: Status; readonly created_at: Date; readonly updated_at: Date }

/**
 * The statuses whose last change is the answer: a fulfilled or refused request changes again only
 * when archived, and an archived one no longer tells when it was answered.
 */
export const AnsweredStatuses = ClosedStatuses.filter((status) => status !== "archived")

const isAnswered = (status: Status) => (AnsweredStatuses as ReadonlyArray<Status>).includes(status)

/**
 * How long an answered (fulfilled or refused) request took, in milliseconds: from its receipt to
 * its last change, the answer. None for any other status.
 */
export const timeToClose = (request: Closable): number | null =>
  isAnswered(request.status) ? Math.max(0, request.updated_at.getTime() - request.created_at.getTime()) : null

/** The median of `values` (the mean of the two middle ones for an even count); none of nothing. */
export const median = (values: ReadonlyArray<number>): number | null => {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** The median time to close of the answered ones among `requests`, in milliseconds; none without any. */
export const medianTimeToClose = (requests: ReadonlyArray<Closable>): number | null =>
  median(requests.flatMap((request) => {
    const took = timeToClose(request)
    return took === null ? [] : [took]
  }))

/**
 * Where a request stands against its deadline, as an operator reads it: whole days left (`due`,
 * rounded down: a deadline 36 hours away is "in 1 day"), whole days past it (`overdue`, rounded
 * up: a minute late is one day late), or `answered` once it left the open statuses. `overdue`
 * exactly when `isOverdue` says so.
 */
export type Countdown =
  | { readonly kind: "due"; readonly days: number }
  | { readonly kind: "overdue"; readonly days: number }
  | { readonly kind: "answered" }

export const countdown = (request: { readonly status: Status; readonly expires_at: Date }, now: Date): Countdown => {
  if (!(OpenStatuses as ReadonlyArray<Status>).includes(request.status)) return { kind: "answered" }
  const left = request.expires_at.getTime() - now.getTime()
  return isOverdue(request, now)
    ? { kind: "overdue", days: Math.ceil(-left / DAY_MS) }
    : { kind: "due", days: Math.floor(left / DAY_MS) }
}

/** A countdown in words: "due today", "in 3 days", "2 days overdue", "answered". */
export const countdownText = (countdown: Countdown): string => {
  const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`
  switch (countdown.kind) {
    case "answered":
      return "answered"
    case "overdue":
      return `${days(countdown.days)} overdue`
    case "due":
      return countdown.days === 0 ? "due today" : `in ${days(countdown.days)}`
  }
}
