import {
  InstantInput,
  OrganizationId,
  OrganizationUserId,
  RegulationId,
  RequestId,
  Status,
  UserRightId
} from "@dsar/domain"
import { Schema } from "effect"
import type { Range, RequestQuery, SortField } from "./ports/Stores.js"
import { SortFields } from "./ports/Stores.js"

/** Page sizes of `GET /dsar/requests`. */
export const PageSize = { default: 20, max: 100 } as const

// The hosted API's query syntax (FeathersJS): `status=a`, `status[$in]=a&status[$in]=b` (or
// comma-separated), `created_at[$gte]=...`, `$limit`, `$skip`, `$sort[created_at]=-1`.
const oneOrMany = <A extends string, I extends string>(item: Schema.Schema<A, I>) =>
  Schema.Union(
    Schema.Array(item),
    Schema.transform(Schema.String, Schema.Array(item), {
      strict: false,
      decode: (text) => text.split(",").map((part) => part.trim()),
      encode: (items) => items.join(",")
    })
  )

const optional = <S extends Schema.Schema.Any>(schema: S) => Schema.optionalWith(schema, { exact: true })

const Direction = Schema.Literal("1", "-1").annotations({
  description: "`1` ascending, `-1` descending.",
  message: () => ({ message: "must be 1 (ascending) or -1 (descending)", override: true })
})
const Count = (min: number, max: number, description: string) =>
  Schema.NumberFromString.pipe(
    Schema.int({ message: () => "must be a whole number" }),
    Schema.between(min, max, { message: () => `must be from ${min} to ${max}` })
  ).annotations({ description })

export const OrganizationParam = {
  organization_id: optional(OrganizationId).annotations({
    description: "The organisation; when given it must be the session's own."
  })
}

export const ListRequestsParams = Schema.Struct({
  ...OrganizationParam,
  status: optional(oneOrMany(Status)),
  "status[$in]": optional(oneOrMany(Status)),
  user_right_id: optional(oneOrMany(UserRightId)),
  "user_right_id[$in]": optional(oneOrMany(UserRightId)),
  regulation_id: optional(oneOrMany(RegulationId)),
  organization_user_id: optional(OrganizationUserId),
  "created_at[$gte]": optional(InstantInput),
  "created_at[$lt]": optional(InstantInput),
  "expires_at[$gte]": optional(InstantInput),
  "expires_at[$lt]": optional(InstantInput),
  $limit: optional(Count(1, PageSize.max, `Page size: default ${PageSize.default}, at most ${PageSize.max}.`)),
  $skip: optional(Count(0, Number.MAX_SAFE_INTEGER, "How many matching requests to skip.")),
  ...Object.fromEntries(SortFields.map((field) => [`$sort[${field}]`, optional(Direction)])) as {
    [F in SortField as `$sort[${F}]`]: Schema.optionalWith<typeof Direction, { exact: true }>
  }
}).annotations({
  identifier: "ListRequestsParams",
  parseOptions: { onExcessProperty: "error", errors: "all" }
})
export type ListRequestsParams = typeof ListRequestsParams.Type

const range = (gte: Date | undefined, lt: Date | undefined): Range | undefined =>
  gte === undefined && lt === undefined ? undefined : { ...(gte && { gte }), ...(lt && { lt }) }

const union = <A>(...lists: ReadonlyArray<ReadonlyArray<A> | undefined>): ReadonlyArray<A> | undefined => {
  const given = lists.filter((list): list is ReadonlyArray<A> => list !== undefined)
  return given.length === 0 ? undefined : [...new Set(given.flat())]
}

/** The `$sort[...]` fields of a query string, in the order it names them: the first sorts first. */
export const sortOrder = (search: string): ReadonlyArray<SortField> =>
  [...new URLSearchParams(search).keys()].flatMap((key) => SortFields.filter((field) => key === `$sort[${field}]`))

/** The store query a list request asks for; newest first unless `$sort` says otherwise. */
export const toRequestQuery = (
  organization_id: OrganizationId,
  params: ListRequestsParams,
  order: ReadonlyArray<SortField> = SortFields
): RequestQuery => {
  const sort = [...new Set([...order, ...SortFields])].flatMap((field) => {
    const direction = params[`$sort[${field}]`]
    return direction === undefined ? [] : [{ field, direction: direction === "1" ? (1 as const) : (-1 as const) }]
  })
  const status = union(params.status, params["status[$in]"])
  const user_right_id = union(params.user_right_id, params["user_right_id[$in]"])
  const regulation_id = union(params.regulation_id)
  const organization_user_id = params.organization_user_id
  const created_at = range(params["created_at[$gte]"], params["created_at[$lt]"])
  const expires_at = range(params["expires_at[$gte]"], params["expires_at[$lt]"])
  return {
    organization_id,
    ...(status && { status }),
    ...(user_right_id && { user_right_id }),
    ...(regulation_id && { regulation_id }),
    ...(organization_user_id && { organization_user_id }),
    ...(created_at && { created_at }),
    ...(expires_at && { expires_at }),
    sort: sort.length > 0 ? sort : [{ field: "created_at", direction: -1 }],
    limit: params.$limit ?? PageSize.default,
    skip: params.$skip ?? 0
  }
}

export const RequestIdPath = Schema.Struct({ id: RequestId })

/** An email of a request: the outbox message's id, as `GET /dsar/requests/{id}/emails` lists it. */
export const EmailPath = Schema.Struct({
  id: RequestId,
  message_id: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(100))
})
