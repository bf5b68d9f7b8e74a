import {
  AnsweredStatuses,
  dueSoonCriteria,
  medianTimeToClose,
  type OrganizationId,
  overdueCriteria,
  recentWeeks,
  type Status,
  Statuses,
  type Week
} from "@dsar/domain"
import { Effect } from "effect"
import type { Condition } from "../ports/RequestQuery.js"
import { RequestsService } from "../services/Requests.js"

/** Weeks the chart shows, and days ahead "due soon" looks. */
export const DashboardWindow = { weeks: 8, dueWithinDays: 7 } as const

/**
 * The answered requests the median time to close is taken over: the latest answered, at most this
 * many, so the dashboard's work stays bounded however many requests the organisation holds.
 */
export const MedianSample = 500

export interface DashboardData {
  readonly now: Date
  readonly byStatus: { readonly [S in Status]: number }
  readonly overdue: number
  readonly dueSoon: number
  readonly received: ReadonlyArray<{ readonly week: Week; readonly count: number }>
  /** Milliseconds; none before any request was answered. */
  readonly medianTimeToClose: number | null
  /** How many answered requests the median was taken over. */
  readonly medianOver: number
}

const statusIn = (statuses: ReadonlyArray<Status>): Condition => ({
  _tag: "In",
  field: "status",
  values: statuses,
  negated: false
})

const between = (field: "created_at" | "expires_at", from: Date, to: Date): ReadonlyArray<Condition> => [
  { _tag: "Compare", field, op: "gte", value: from },
  { _tag: "Compare", field, op: "lt", value: to }
]

/**
 * What the dashboard shows for an organisation at `now`: each figure a count the store answers
 * (a page of none, its total), the median over a bounded sample, never every request loaded.
 */
export const dashboardData = (organization_id: OrganizationId, now: Date) =>
  Effect.gen(function*() {
    const requests = yield* RequestsService
    const count = (conditions: ReadonlyArray<Condition>) =>
      Effect.map(
        requests.list({ organization_id, where: { _tag: "And", conditions }, sort: [], limit: 0, skip: 0 }),
        (page) => page.total
      )
    const overdue = overdueCriteria(now)
    const soon = dueSoonCriteria(now, DashboardWindow.dueWithinDays)
    const weeks = recentWeeks(now, DashboardWindow.weeks)
    const [statusCounts, overdueCount, dueSoonCount, weekCounts, answered] = yield* Effect.all([
      Effect.forEach(Statuses, (status) => count([statusIn([status])])),
      count([statusIn(overdue.status), {
        _tag: "Compare",
        field: "expires_at",
        op: "lt",
        value: overdue.expires_before
      }]),
      count([statusIn(soon.status), ...between("expires_at", soon.expires_from, soon.expires_before)]),
      Effect.forEach(weeks, (week) => count(between("created_at", week.from, week.to))),
      requests.list({
        organization_id,
        where: statusIn(AnsweredStatuses),
        sort: [{ field: "updated_at", direction: -1 }],
        limit: MedianSample,
        skip: 0
      })
    ])
    const data: DashboardData = {
      now,
      byStatus: Object.fromEntries(
        Statuses.map((status, i) => [status, statusCounts[i]!])
      ) as DashboardData["byStatus"],
      overdue: overdueCount,
      dueSoon: dueSoonCount,
      received: weeks.map((week, i) => ({ week, count: weekCounts[i]! })),
      medianTimeToClose: medianTimeToClose(answered.items),
      medianOver: answered.items.length
    }
    return data
  })
