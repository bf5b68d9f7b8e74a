import {
  cappedIssues,
  EmailAddress,
  InstantInput,
  type Issue,
  Limits,
  OrganizationId,
  OrganizationUserId,
  RegulationId,
  Request,
  RequestId,
  SourceId,
  Status,
  UserRightId,
  ValidationId
} from "@dsar/domain"
import { Either, Schema } from "effect"
import qs from "qs"
import { type BadRequest, badRequestFor } from "./ApiErrors.js"
import { readCursor } from "./Cursor.js"
import {
  type Condition,
  GroupedFields,
  type InstantField,
  isInstantField,
  NullableFields,
  type RequestQuery,
  type ScalarField,
  ScalarFields,
  type SortField,
  SortFields
} from "./ports/RequestQuery.js"

// `GET /dsar/requests` takes the hosted API's query language, Feathers', as its clients send it:
// the query string is parsed once, with `qs` (the parser Feathers' servers use and its REST client
// serialises with), into `{ status: { $in: [...] }, $or: [...], $sort: {...}, ... }`; that object is
// then read here into the stores' condition tree, naming every offending parameter as it was sent.

/** Page sizes of `GET /dsar/requests`; a `$limit` above `max` is served as `max`, as Feathers' `paginate.max` does. */
export const PageSize = { default: 20, max: 100 } as const

/**
 * Values one `$in`, `$nin` or `$select` list may hold, parameters one query may hold, the deepest
 * `$skip`, and the most matches an order no index gives may sort. A store walks every request
 * before the page, and sorts every match of such an order, in the server's event loop on SQLite:
 * deeper pages are read by `$cursor`, whose cost does not grow (decision 0025), and larger
 * listings in an indexed order or narrowed by a filter (decision 0028).
 */
export const QueryLimits = { values: 100, parameters: 1_000, skip: 10_000, sorted: 10_000 } as const

const Equality = ["$in", "$nin", "$ne"] as const
const Ordered = [...Equality, "$lt", "$lte", "$gt", "$gte"] as const
type Operator = (typeof Ordered)[number]

const compareOf = { $ne: "ne", $lt: "lt", $lte: "lte", $gt: "gt", $gte: "gte" } as const

interface Rule {
  readonly decode: (raw: string) => Either.Either<unknown, unknown>
  /** What a value must be, for the refusal's message. */
  readonly expected: string
  /** The catalogue's names, for a field that takes one of them. */
  readonly literals?: ReadonlyArray<string>
  readonly operators: ReadonlyArray<Operator>
  /** Catalogue names never hold a comma, so `status=a,b` lists two (the hosted API's comma form). */
  readonly commaLists: boolean
}

const idExpected = `an id: non-empty, no surrounding spaces, at most ${Limits.id} characters`
const instantExpected =
  `an ISO-8601 instant such as 2026-03-01T10:00:00.000Z, in the years ${Limits.years.min} to ${Limits.years.max}`

const idRule = <A>(schema: Schema.Schema<A, string>, operators: ReadonlyArray<Operator>): Rule => ({
  decode: Schema.decodeUnknownEither(schema),
  expected: idExpected,
  operators,
  commaLists: false
})
const catalogueRule = <A extends string>(schema: Schema.Schema<A> & { readonly literals: ReadonlyArray<A> }): Rule => ({
  decode: Schema.decodeUnknownEither(schema),
  expected: `one of ${schema.literals.join(", ")}`,
  literals: schema.literals,
  operators: Equality,
  commaLists: true
})
const instantRule: Rule = {
  decode: Schema.decodeUnknownEither(InstantInput),
  expected: instantExpected,
  operators: Ordered,
  commaLists: false
}

// Ids sort by creation time, so their ranges page through a listing; the catalogue's names and the
// end-user's id only compare for equality.
const Rules: { readonly [F in ScalarField]: Rule } = {
  id: idRule(RequestId, Ordered),
  organization_user_id: idRule(OrganizationUserId, Equality),
  status: catalogueRule(Status),
  user_right_id: catalogueRule(UserRightId),
  regulation_id: catalogueRule(RegulationId),
  source_id: idRule(SourceId, Ordered),
  validation_id: idRule(ValidationId, Ordered),
  duplicate_of: idRule(RequestId, Ordered),
  created_at: instantRule,
  updated_at: instantRule,
  expires_at: instantRule
}

/** The fields `$select` may name: every property of a request. */
export const SelectableFields = Object.keys(Request.fields) as ReadonlyArray<keyof Request>

/**
 * The extension's parameter for the requests whose emails go to an address, whatever its case
 * (`email=jane@example.org`): not a column of the request, so it takes the one address alone.
 */
export const RecipientParameter = "email"

/** The condition `email=<address>` states, or `undefined` when `raw` is not an email address. */
export const recipientCondition = (raw: unknown): Condition | undefined => {
  const address = Schema.decodeUnknownEither(EmailAddress)(raw)
  return Either.isLeft(address) ? undefined : { _tag: "Recipient", address: address.right }
}

/** What a nullable field (`validation_id`, `duplicate_of`) equals (or `[$ne]`) to ask for requests without it. */
export const NullValue = "null"

// ---------------------------------------------------------------------------------------------
// The typed form, for programs: the object Feathers' `find({ query })` takes. `qs.stringify` of it
// is the query string a Feathers client sends, which the server parses as any other.

type ValueOf<F extends ScalarField> = F extends InstantField ? Date | string : F extends "status" ? Status
: F extends "user_right_id" ? UserRightId
: F extends "regulation_id" ? RegulationId
: string

type Operators<F extends ScalarField> =
  & { readonly $in?: ReadonlyArray<ValueOf<F>>; readonly $nin?: ReadonlyArray<ValueOf<F>>; readonly $ne?: ValueOf<F> }
  & (F extends InstantField | "id" | "source_id" | "validation_id" | "duplicate_of" ? {
      readonly $lt?: ValueOf<F>
      readonly $lte?: ValueOf<F>
      readonly $gt?: ValueOf<F>
      readonly $gte?: ValueOf<F>
    }
    : unknown)

/** Conditions on a request's scalar fields and its recipient, all of which must hold; `$or` and `$and` nest them. */
export type RequestsWhere =
  & { readonly [F in ScalarField]?: ValueOf<F> | ReadonlyArray<ValueOf<F>> | Operators<F> }
  & { readonly [RecipientParameter]?: string }
  & { readonly $or?: ReadonlyArray<RequestsWhere>; readonly $and?: ReadonlyArray<RequestsWhere> }

/** A listing's filters, sort and page, as Feathers' clients send them to `GET /dsar/requests`. */
export type RequestsQuery = RequestsWhere & {
  readonly $sort?: { readonly [F in SortField]?: 1 | -1 }
  readonly $limit?: number
  readonly $skip?: number
  /** Where the page starts: the `$cursor` of the `link: rel="next"` header of the page before. */
  readonly $cursor?: string
}

/** A query string the server reads exactly as `query`: what a Feathers client sends for it. */
export const queryString = (query: object): string => qs.stringify(query)

// ---------------------------------------------------------------------------------------------
// Reading a query string.

/** A listing as the handler needs it: the store's query without its scope, `$select`, `organization_id`. */
export interface ListQuery {
  readonly organization_id?: OrganizationId
  readonly where: Condition
  readonly sort: RequestQuery["sort"]
  readonly limit: number
  readonly skip: number
  /** The requests after a `$cursor`'s. */
  readonly after?: Condition
  /** The fields to answer (`id` among them), or every field. */
  readonly select?: ReadonlyArray<keyof Request>
}

type Segment = string | number

interface Problem {
  readonly at: ReadonlyArray<Segment>
  readonly message: string
  /** The value that was refused, which picks out one repeated key of several. */
  readonly received?: string
}

const shown = (value: unknown) => {
  const text = typeof value === "string" ? JSON.stringify(value) : Array.isArray(value) ? "a list" : "an object"
  return text.length > 80 ? `${text.slice(0, 77)}..."` : text
}

const render = (at: ReadonlyArray<Segment>) =>
  at.length === 0 ? "" : `${at[0]}${at.slice(1).map((segment) => `[${segment}]`).join("")}`

/**
 * The parameter as the client wrote it: `qs` gives one path for `status[$in][1]=x`, a second
 * `status[$in]=x` or `status[$in][]=x`, so the raw keys decide which the client sent.
 */
const sentName = (pairs: ReadonlyArray<readonly [string, string]>, problem: Problem) => {
  const exact = render(problem.at)
  const keys = new Set(pairs.map(([key]) => key))
  if (keys.has(exact) || typeof problem.at[problem.at.length - 1] !== "number") return exact
  const parent = render(problem.at.slice(0, -1))
  const candidates = [`${parent}[]`, parent]
  const holding = pairs.find(([key, value]) =>
    candidates.includes(key) && (problem.received === undefined || value.split(",").includes(problem.received))
  )
  return holding?.[0] ?? candidates.find((key) => keys.has(key)) ?? exact
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** A list as `qs` gives it: an array, or an object of indices when they went past its array limit. */
const listOf = (value: unknown): ReadonlyArray<unknown> | undefined =>
  Array.isArray(value)
    ? value
    : isRecord(value) && Object.keys(value).length > 0 && Object.keys(value).every((key) => /^\d+$/.test(key))
    ? Object.keys(value).sort((a, b) => Number(a) - Number(b)).map((key) => value[key])
    : undefined

class Reader {
  readonly problems: Array<Problem> = []

  refuse(at: ReadonlyArray<Segment>, message: string, received?: string) {
    this.problems.push({ at, message, ...(received === undefined ? {} : { received }) })
  }

  /** One value of `field`, or undefined once refused. */
  value(field: ScalarField, at: ReadonlyArray<Segment>, raw: unknown): string | Date | undefined {
    const rule = Rules[field]
    if (typeof raw !== "string") {
      this.refuse(at, `must be ${rule.expected}; received ${shown(raw)}`)
      return undefined
    }
    const decoded = rule.decode(raw)
    if (Either.isLeft(decoded)) {
      this.refuse(at, `must be ${rule.expected}; received ${shown(raw)}`, raw)
      return undefined
    }
    return decoded.right as string | Date
  }

  /** The values of a list of `field` (`$in`, `$nin`, or the field given several times). */
  values(field: ScalarField, at: ReadonlyArray<Segment>, raw: unknown): ReadonlyArray<string | Date> | undefined {
    const rule = Rules[field]
    const list = listOf(raw) ?? (typeof raw === "string" ? [raw] : undefined)
    if (list === undefined) {
      this.refuse(at, `must be a list of values, each ${rule.expected}; received ${shown(raw)}`)
      return undefined
    }
    const items = rule.commaLists && typeof raw === "string"
      ? raw.split(",").map((part) => part.trim())
      : list.flatMap((item) =>
        rule.commaLists && typeof item === "string" ? item.split(",").map((p) => p.trim()) : [item]
      )
    if (items.length > QueryLimits.values) {
      this.refuse(at, `holds at most ${QueryLimits.values} values; received ${items.length}`)
      return undefined
    }
    const before = this.problems.length
    const read = items.map((item, index) =>
      this.value(field, typeof raw === "string" || !Array.isArray(raw) ? at : [...at, index], item)
    )
    return this.problems.length === before ? (read as ReadonlyArray<string | Date>) : undefined
  }

  /** The conditions one field's parameters state, all of which must hold. */
  field(field: ScalarField, at: ReadonlyArray<Segment>, raw: unknown): ReadonlyArray<Condition> {
    const rule = Rules[field]
    if (isRecord(raw) && listOf(raw) === undefined) {
      return Object.entries(raw).flatMap(([operator, operand]) =>
        this.operator(field, [...at, operator], operator, operand)
      )
    }
    if (Array.isArray(raw) && raw.some(isRecord)) {
      this.refuse(at, `takes either values or operators (${rule.operators.join(", ")}), not both`)
      return []
    }
    if (typeof raw === "string" && !(rule.commaLists && raw.includes(","))) {
      if (NullableFields.includes(field) && raw === NullValue) return [{ _tag: "Null", field, negated: false }]
      const value = this.value(field, at, raw)
      return value === undefined ? [] : [{ _tag: "Compare", field, op: "eq", value }]
    }
    const values = this.values(field, at, raw)
    return values === undefined ? [] : [{ _tag: "In", field, values, negated: false }]
  }

  operator(
    field: ScalarField,
    at: ReadonlyArray<Segment>,
    operator: string,
    operand: unknown
  ): ReadonlyArray<Condition> {
    const rule = Rules[field]
    if (!(rule.operators as ReadonlyArray<string>).includes(operator)) {
      this.refuse(
        at,
        `is not an operator ${field} takes; it takes a value or ${rule.operators.join(", ")}`,
        undefined
      )
      return []
    }
    if (operator === "$in" || operator === "$nin") {
      const values = this.values(field, at, operand)
      return values === undefined ? [] : [{ _tag: "In", field, values, negated: operator === "$nin" }]
    }
    if (NullableFields.includes(field) && operator === "$ne" && operand === NullValue) {
      return [{ _tag: "Null", field, negated: true }]
    }
    const value = this.value(field, at, operand)
    return value === undefined
      ? []
      : [{ _tag: "Compare", field, op: compareOf[operator as keyof typeof compareOf], value }]
  }

  /** `email`: one address. */
  recipient(at: ReadonlyArray<Segment>, raw: unknown): ReadonlyArray<Condition> {
    const condition = recipientCondition(raw)
    if (condition !== undefined) return [condition]
    this.refuse(at, `must be an email address; received ${shown(raw)}`, typeof raw === "string" ? raw : undefined)
    return []
  }

  /** `$or` or `$and`: a list of condition objects. */
  group(at: ReadonlyArray<Segment>, raw: unknown): ReadonlyArray<Condition> {
    const list = listOf(raw)
    if (list === undefined || list.some((item) => !isRecord(item))) {
      this.refuse(at, `must be a list of conditions, such as ${render(at)}[0][status]=verified; received ${shown(raw)}`)
      return []
    }
    return list.map((item, index) => ({
      _tag: "And",
      conditions: this.where([...at, index], item as Record<string, unknown>)
    }))
  }

  /** The conditions of one object of the query (the top level, or an element of `$or`/`$and`). */
  where(
    at: ReadonlyArray<Segment>,
    raw: Readonly<Record<string, unknown>>,
    topLevel = false
  ): ReadonlyArray<Condition> {
    return Object.entries(raw).flatMap(([key, value]): ReadonlyArray<Condition> => {
      const here = [...at, key]
      if ((ScalarFields as ReadonlyArray<string>).includes(key)) return this.field(key as ScalarField, here, value)
      if (key === RecipientParameter) return this.recipient(here, value)
      if (key === "$or") return [{ _tag: "Or", conditions: this.group(here, value) }]
      if (key === "$and") return [{ _tag: "And", conditions: this.group(here, value) }]
      if (topLevel && TopLevelOnly.includes(key)) return []
      this.refuse(
        here,
        key.startsWith("$")
          ? topLevel
            ? `is not an operator of this list; it takes ${
              [...TopLevelOnly.filter((k) => k !== "organization_id"), "$or", "$and"].join(", ")
            }`
            : "is not a condition: within $or and $and, give fields, $or or $and"
          : `is not a field of a request that lists filter on; they are ${
            [...ScalarFields, RecipientParameter].join(", ")
          }`
      )
      return []
    })
  }

  count(at: string, raw: unknown, min: number): number | undefined {
    const text = typeof raw === "string" ? raw : undefined
    const value = text !== undefined && /^\d+$/.test(text) ? Number(text) : Number.NaN
    if (!Number.isSafeInteger(value) || value < min) {
      this.refuse([at], `must be a whole number from ${min}; received ${shown(raw)}`, text)
      return undefined
    }
    return value
  }

  sort(raw: unknown): RequestQuery["sort"] {
    if (!isRecord(raw)) {
      this.refuse(["$sort"], `must name fields, such as $sort[created_at]=-1; received ${shown(raw)}`)
      return []
    }
    return Object.entries(raw).flatMap(([field, direction]) => {
      const at = ["$sort", field]
      if (!(SortFields as ReadonlyArray<string>).includes(field)) {
        this.refuse(at, `is not a field lists sort on; they are ${SortFields.join(", ")}`)
        return []
      }
      if (direction !== "1" && direction !== "-1") {
        this.refuse(at, `must be 1 (ascending) or -1 (descending); received ${shown(direction)}`)
        return []
      }
      return [{ field: field as SortField, direction: direction === "1" ? (1 as const) : (-1 as const) }]
    })
  }

  cursor(sort: RequestQuery["sort"], raw: unknown): Condition | undefined {
    if (typeof raw !== "string") {
      this.refuse(["$cursor"], `must be the cursor of a page's link header; received ${shown(raw)}`)
      return undefined
    }
    const read = readCursor(sort, raw)
    if (Either.isLeft(read)) {
      this.refuse(["$cursor"], read.left, raw)
      return undefined
    }
    return read.right
  }

  select(raw: unknown): ReadonlyArray<keyof Request> | undefined {
    const list = listOf(raw) ?? (typeof raw === "string" ? [raw] : undefined)
    if (list === undefined) {
      this.refuse(["$select"], `must list fields of a request; received ${shown(raw)}`)
      return undefined
    }
    const names = list.flatMap((item, index) =>
      typeof item === "string"
        ? item.split(",").map((name) => [name.trim(), index] as const)
        : [[item, index] as const]
    )
    const fields = names.flatMap(([name, index]) => {
      if (typeof name === "string" && (SelectableFields as ReadonlyArray<string>).includes(name)) {
        return [name as keyof Request]
      }
      this.refuse(
        Array.isArray(raw) ? ["$select", index] : ["$select"],
        `must be one of ${SelectableFields.join(", ")}; received ${shown(name)}`,
        typeof name === "string" ? name : undefined
      )
      return []
    })
    return [...new Set<keyof Request>(["id", ...fields])]
  }
}

const TopLevelOnly: ReadonlyArray<string> = ["organization_id", "$limit", "$skip", "$cursor", "$sort", "$select"]

/** How a raw query string reads: `qs` as Feathers' servers configure it, prototype keys refused rather than dropped. */
const parse = (search: string) =>
  qs.parse(search, { ignoreQueryPrefix: true, arrayLimit: QueryLimits.values, plainObjects: true })

/**
 * The listing a query string of `GET /dsar/requests` asks for, or the 400 naming every offending
 * parameter as it was sent, with what it must be and what was received.
 */
export const parseListQuery = (search: string): Either.Either<ListQuery, BadRequest> => {
  const pairs = [...new URLSearchParams(search)]
  if (pairs.length > QueryLimits.parameters) {
    return Either.left(
      refusal([{ path: "", message: `holds ${pairs.length} parameters; at most ${QueryLimits.parameters}` }])
    )
  }
  const raw = parse(search) as Record<string, unknown>
  const reader = new Reader()
  const conditions = reader.where([], raw, true)
  const limit = raw.$limit === undefined ? PageSize.default : reader.count("$limit", raw.$limit, 0)
  const skip = raw.$skip === undefined ? 0 : reader.count("$skip", raw.$skip, 0)
  if (skip !== undefined && skip > QueryLimits.skip) {
    reader.refuse(
      ["$skip"],
      `must be at most ${QueryLimits.skip}; page deeper with the $cursor of the link header, or narrow the query; received ${skip}`,
      String(skip)
    )
  }
  const given = raw.$sort === undefined ? [] : reader.sort(raw.$sort)
  const sort: RequestQuery["sort"] = given.length > 0 ? given : [{ field: "created_at", direction: -1 }]
  const after = raw.$cursor === undefined ? undefined : reader.cursor(sort, raw.$cursor)
  const select = raw.$select === undefined ? undefined : reader.select(raw.$select)
  const organization = raw.organization_id === undefined
    ? undefined
    : Schema.decodeUnknownEither(OrganizationId)(raw.organization_id)
  if (organization !== undefined && Either.isLeft(organization)) {
    reader.refuse(["organization_id"], `must be ${idExpected}; received ${shown(raw.organization_id)}`)
  }
  if (reader.problems.length > 0) {
    return Either.left(refusal(reader.problems.map((problem) => ({
      path: sentName(pairs, problem),
      message: problem.message
    }))))
  }
  return Either.right({
    ...(organization !== undefined && Either.isRight(organization) && { organization_id: organization.right }),
    where: conditions.length === 1 ? conditions[0]! : { _tag: "And", conditions },
    sort,
    limit: Math.min(limit!, PageSize.max),
    skip: skip!,
    ...(after !== undefined && { after }),
    ...(select !== undefined && { select })
  })
}

const refusal = (issues: ReadonlyArray<Issue>) => badRequestFor(cappedIssues(issues))

/** The store query of a listing, in `organization_id`. */
export const toRequestQuery = (organization_id: OrganizationId, query: ListQuery): RequestQuery => ({
  organization_id,
  where: query.where,
  sort: query.sort,
  limit: query.limit,
  skip: query.skip,
  ...(query.after !== undefined && { after: query.after })
})

// ---------------------------------------------------------------------------------------------
// What the contract declares: the parameters as clients send them, for the OpenAPI document and
// generated clients. The server reads the raw query string itself (above), so this schema lets
// every parameter through to it.

const itemSchema = (field: ScalarField) => {
  const rule = Rules[field]
  return isInstantField(field)
    ? { type: "string", format: "date-time" }
    : rule.literals !== undefined
    ? { type: "string", enum: rule.literals }
    : { type: "string", minLength: 1, maxLength: Limits.id }
}

const documented = (): Record<string, object> => {
  const parameters: Record<string, object> = {
    organization_id: { type: "string", description: "The organisation; when given it must be the session's own." }
  }
  for (const field of ScalarFields) {
    const item = itemSchema(field)
    const list = { type: "array", items: item, maxItems: QueryLimits.values }
    parameters[field] = {
      ...(NullableFields.includes(field) ? { anyOf: [item, { type: "string", enum: [NullValue] }] } : list),
      description: field === "validation_id"
        ? "Equal to this id; `null` for requests without a validation."
        : field === "duplicate_of"
        ? "The possible duplicates of this request (extension); `null` for requests not marked as one."
        : `Equal to this value; repeated, equal to one of them${
          Rules[field].commaLists ? " (a comma-separated list too)" : ""
        }.`
    }
    for (const operator of Rules[field].operators) {
      parameters[`${field}[${operator}]`] = operator === "$in" || operator === "$nin"
        ? {
          ...list,
          description: `${
            operator === "$in" ? "One" : "None"
          } of these values (repeated: \`[${operator}][0]=a&[${operator}][1]=b\`, \`[${operator}][]=a\` or the key repeated).`
        }
        : { ...item, description: OperatorDescriptions[operator] }
    }
  }
  parameters[RecipientParameter] = {
    type: "string",
    format: "email",
    maxLength: 254,
    description:
      "The requests whose emails go to this address (their `email` request field), whatever its case (extension). One address; it may also stand in `$or` and `$and`."
  }
  parameters.$limit = {
    type: "integer",
    minimum: 0,
    description:
      `Page size, default ${PageSize.default}; above ${PageSize.max}, ${PageSize.max}; 0 answers the total alone (an empty page).`
  }
  parameters.$skip = {
    type: "integer",
    minimum: 0,
    maximum: QueryLimits.skip,
    description:
      `How many matching requests to skip, at most ${QueryLimits.skip}: deeper pages are read with \`$cursor\`.`
  }
  parameters.$cursor = {
    type: "string",
    minLength: 1,
    description:
      "Where the page starts: the `$cursor` of the previous page's `link: rel=\"next\"` header (opaque; made for that page's `$sort`, with which it must be sent). Its cost is the same at any depth."
  }
  for (const field of SortFields) {
    parameters[`$sort[${field}]`] = {
      type: "integer",
      enum: [1, -1],
      description:
        `1 ascending, -1 descending; several \`$sort\` keys apply in the order given. An order no index gives (keys in two directions, or several keys other than one of ${
          GroupedFields.join(", ")
        } then \`created_at\`) may sort at most ${QueryLimits.sorted} matches: more is a 400.`
    }
  }
  parameters.$select = {
    type: "array",
    items: { type: "string", enum: SelectableFields },
    description: "Answer only these properties of each request (`id` always)."
  }
  return parameters
}

const OperatorDescriptions: Record<string, string> = {
  $ne: "Not equal to this value.",
  $lt: "Less than (before) this value.",
  $lte: "Less than or equal to this value.",
  $gt: "Greater than (after) this value.",
  $gte: "Greater than or equal to this value."
}

/** The list's parameters as the contract declares them (see above: the server reads the raw query). */
export const ListRequestsParams = Schema.Record({
  key: Schema.String,
  value: Schema.Union(Schema.String, Schema.Array(Schema.String))
}).annotations({
  jsonSchema: { type: "object", properties: documented(), required: [], additionalProperties: true }
})
export type ListRequestsParams = typeof ListRequestsParams.Type

/** A query string as the record of parameters the contract's client sends. */
export const paramsOf = (search: string): ListRequestsParams => {
  const params: Record<string, string | Array<string>> = {}
  for (const [key, value] of new URLSearchParams(search)) {
    const held = params[key]
    params[key] = held === undefined ? value : [...(Array.isArray(held) ? held : [held]), value]
  }
  return params
}

const optional = <S extends Schema.Schema.Any>(schema: S) => Schema.optionalWith(schema, { exact: true })

export const OrganizationParam = {
  organization_id: optional(OrganizationId).annotations({
    description: "The organisation; when given it must be the session's own."
  })
}

const RequestIdParam = Schema.propertySignature(RequestId).annotations({
  description: "The request's `id`, as its creation answered it."
})

export const RequestIdPath = Schema.Struct({ id: RequestIdParam })

/** An email of a request: the outbox message's id, as `GET /dsar/requests/{id}/emails` lists it. */
export const EmailPath = Schema.Struct({
  id: RequestIdParam,
  message_id: Schema.propertySignature(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(100))).annotations({
    description: "The email's `id`, as `GET /dsar/requests/{id}/emails` lists it."
  })
})
