import { OpenStatuses, OrganizationUserId, Statuses, type UserRightId, UserRightsCatalogue } from "@dsar/domain"
import { currentDate, overdueFilter, type RequestsFilter, SortFields } from "@dsar/http"
import { Options } from "@effect/cli"
import { Effect, Option } from "effect"
import { UsageError } from "./Failure.js"

const Rights = Object.keys(UserRightsCatalogue) as ReadonlyArray<UserRightId>
const Sorts = SortFields.flatMap((field) => [field, `-${field}`] as const)

/** Which requests a listing or an export covers, and in which order. */
export const filterOptions = Options.all({
  status: Options.choice("status", Statuses).pipe(
    Options.withDescription("Only requests in this status; repeat for several."),
    Options.repeated
  ),
  right: Options.choice("right", Rights).pipe(
    Options.withDescription("Only requests for this right; repeat for several."),
    Options.repeated
  ),
  user: Options.text("user").pipe(
    Options.withDescription("Only this end-user's requests (organization_user_id)."),
    Options.withSchema(OrganizationUserId),
    Options.optional
  ),
  overdue: Options.boolean("overdue").pipe(
    Options.withDescription(`Only open requests (${OpenStatuses.join(", ")}) past their response deadline.`)
  ),
  sort: Options.choice("sort", Sorts).pipe(
    Options.withDescription("Order by this field, descending with a leading '-' (default: -created_at, newest first)."),
    Options.optional
  )
})
export type FilterOptions = typeof filterOptions extends Options.Options<infer A> ? A : never

/** The listing the options ask for, as the interface takes it. */
export const toFilter = (options: FilterOptions) =>
  Effect.gen(function*() {
    const overdue = overdueFilter(yield* currentDate)
    const statuses = options.overdue
      ? overdue.status.$in.filter((status) => options.status.length === 0 || options.status.includes(status))
      : options.status
    if (options.overdue && statuses.length === 0) {
      return yield* Effect.fail(
        new UsageError({ message: `--overdue covers the open statuses only: ${OpenStatuses.join(", ")}` })
      )
    }
    const filter: RequestsFilter = {
      ...(statuses.length > 0 && { status: { $in: statuses } }),
      ...(options.right.length > 0 && { user_right_id: { $in: options.right } }),
      ...Option.match(options.user, {
        onNone: () => ({}),
        onSome: (organization_user_id) => ({ organization_user_id })
      }),
      ...(options.overdue && { expires_at: overdue.expires_at }),
      ...Option.match(options.sort, {
        onNone: () => ({}),
        onSome: (sort) => ({ $sort: sort.startsWith("-") ? { [sort.slice(1)]: -1 as const } : { [sort]: 1 as const } })
      })
    }
    return filter
  })
