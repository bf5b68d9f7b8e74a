import {
  EmailAddress,
  OpenStatuses,
  OrganizationUserId,
  RequestId,
  Statuses,
  type UserRightId,
  UserRightsCatalogue
} from "@dsar/domain"
import { currentDate, dueSoonFilter, overdueFilter, type RequestsFilter, SortFields } from "@dsar/http"
import { HelpDoc, Options } from "@effect/cli"
import { Effect, Option, Schema } from "effect"
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
  email: Options.text("email").pipe(
    Options.withDescription("Only the requests whose emails go to this address, whatever its case."),
    // The schema's own report would name its transformation; a person needs the rule.
    Options.mapTryCatch(Schema.decodeSync(EmailAddress), () => HelpDoc.p("--email must be an email address")),
    Options.optional
  ),
  overdue: Options.boolean("overdue").pipe(
    Options.withDescription(`Only open requests (${OpenStatuses.join(", ")}) past their response deadline.`)
  ),
  duplicates: Options.boolean("duplicates").pipe(
    Options.withDescription("Only requests marked as possible duplicates of an open one (duplicate_of).")
  ),
  duplicateOf: Options.text("duplicate-of").pipe(
    Options.withDescription("Only the possible duplicates of this request."),
    Options.withSchema(RequestId),
    Options.optional
  ),
  dueWithin: Options.integer("due-within").pipe(
    Options.withDescription("Only open requests not overdue whose deadline is less than this many days away."),
    Options.optional
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
    const now = yield* currentDate
    if (options.overdue && Option.isSome(options.dueWithin)) {
      return yield* Effect.fail(new UsageError({ message: "--overdue and --due-within exclude each other" }))
    }
    const days = Option.getOrUndefined(options.dueWithin)
    if (days !== undefined && days < 0) {
      return yield* Effect.fail(new UsageError({ message: `--due-within must be 0 or more days, not ${days}` }))
    }
    // The deadline window of --overdue or --due-within, with the open statuses it covers.
    const window = options.overdue ? overdueFilter(now) : days === undefined ? undefined : dueSoonFilter(now, days)
    const statuses = window === undefined
      ? options.status
      : window.status.$in.filter((status) => options.status.length === 0 || options.status.includes(status))
    if (window !== undefined && statuses.length === 0) {
      const flag = options.overdue ? "--overdue" : "--due-within"
      return yield* Effect.fail(
        new UsageError({ message: `${flag} covers the open statuses only: ${OpenStatuses.join(", ")}` })
      )
    }
    const deadlines = window === undefined ? {} : { expires_at: window.expires_at }
    const filter: RequestsFilter = {
      ...(statuses.length > 0 && { status: { $in: statuses } }),
      ...(options.right.length > 0 && { user_right_id: { $in: options.right } }),
      ...Option.match(options.user, {
        onNone: () => ({}),
        onSome: (organization_user_id) => ({ organization_user_id })
      }),
      ...Option.match(options.email, { onNone: () => ({}), onSome: (email) => ({ email }) }),
      ...deadlines,
      ...Option.match(options.duplicateOf, {
        onNone: () => (options.duplicates ? { duplicate_of: { $ne: "null" } } : {}),
        onSome: (duplicate_of) => ({ duplicate_of })
      }),
      ...Option.match(options.sort, {
        onNone: () => ({}),
        onSome: (sort) => ({ $sort: sort.startsWith("-") ? { [sort.slice(1)]: -1 as const } : { [sort]: 1 as const } })
      })
    }
    return filter
  })
