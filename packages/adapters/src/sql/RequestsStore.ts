import {
  OrganizationId,
  OrganizationUserId,
  RegulationId,
  RequestId,
  Status,
  Timestamp,
  UserRightId
} from "@dsar/domain"
import { type RequestQuery, RequestsStore, SortFields } from "@dsar/http"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Layer, Option, Schema } from "effect"
import { requestJsonOf, RequestRow } from "./rows/RequestRow.js"

const optional = <S extends Schema.Schema.Any>(schema: S) => Schema.optionalWith(schema, { exact: true })

const Range = Schema.Struct({ gte: optional(Timestamp), lt: optional(Timestamp) })

/** The port's `RequestQuery`; encoding it turns its instants into the text the columns hold. */
const Query = Schema.Struct({
  organization_id: OrganizationId,
  status: optional(Schema.Array(Status)),
  user_right_id: optional(Schema.Array(UserRightId)),
  regulation_id: optional(Schema.Array(RegulationId)),
  organization_user_id: optional(OrganizationUserId),
  created_at: optional(Range),
  expires_at: optional(Range),
  sort: Schema.Array(Schema.Struct({ field: Schema.Literal(...SortFields), direction: Schema.Literal(1, -1) })),
  limit: Schema.Int,
  skip: Schema.Int
})

const Key = Schema.Struct({ organization_id: OrganizationId, id: RequestId })

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const where = (query: typeof Query.Encoded) => {
    const among = (
      column: string,
      values: ReadonlyArray<string> | undefined
    ) => (values === undefined ? [] : [sql.in(column, values)])
    const within = (column: string, range: typeof Range.Encoded | undefined) => [
      ...(range?.gte === undefined ? [] : [sql`${sql(column)} >= ${range.gte}`]),
      ...(range?.lt === undefined ? [] : [sql`${sql(column)} < ${range.lt}`])
    ]
    return sql.and([
      sql`organization_id = ${query.organization_id}`,
      ...among("status", query.status),
      ...among("user_right_id", query.user_right_id),
      ...among("regulation_id", query.regulation_id),
      ...(query.organization_user_id === undefined ? [] : [sql`organization_user_id = ${query.organization_user_id}`]),
      ...within("created_at", query.created_at),
      ...within("expires_at", query.expires_at)
    ])
  }

  const orderBy = (query: typeof Query.Encoded) =>
    sql.csv([
      ...query.sort.map(({ field, direction }) => sql`${sql(field)} ${sql.literal(direction === 1 ? "ASC" : "DESC")}`),
      sql`id ASC`
    ])

  const insert = SqlSchema.void({
    Request: RequestRow,
    execute: (row) => sql`INSERT INTO requests ${sql.insert(row)}`
  })

  const findById = SqlSchema.findOne({
    Request: Key,
    Result: RequestRow,
    execute: (key) => sql`SELECT * FROM requests WHERE organization_id = ${key.organization_id} AND id = ${key.id}`
  })

  const findJson = (key: typeof Key.Type) =>
    Effect.map(
      sql<
        Readonly<Record<string, unknown>>
      >`SELECT * FROM requests WHERE organization_id = ${key.organization_id} AND id = ${key.id}`,
      (rows) => Option.map(Option.fromNullable(rows[0]), requestJsonOf)
    )

  const encodeQuery = Schema.encode(Query)
  const decodeTotal = Schema.decodeUnknown(Schema.Struct({ total: Schema.Int }))
  const decodeRows = Schema.decodeUnknown(Schema.Array(RequestRow))

  // SQLite keeps per-organisation counts by status, right and regulation (migration 0003): a filter
  // on those columns alone sums a handful of counter rows (the same WHERE fits both tables) instead
  // of counting every match.
  const countsKept = sql.onDialectOrElse({ pg: () => false, orElse: () => true })
  const countOf = (query: typeof Query.Encoded) =>
    countsKept && query.organization_user_id === undefined && query.created_at === undefined &&
      query.expires_at === undefined
      ? sql`SELECT CAST(coalesce(sum(n), 0) AS INTEGER) AS total FROM request_counts WHERE ${where(query)}`
      : sql`SELECT CAST(count(*) AS INTEGER) AS total FROM requests WHERE ${where(query)}`

  // One statement, so `total` and the page count the same rows (one snapshot) on any database,
  // inside a transaction or not. The count is joined to the page rather than windowed over it, so
  // it comes back with an empty page too: then the one row is all nulls but `total`.
  const pageRows = (query: RequestQuery) =>
    Effect.gen(function*() {
      const encoded = yield* encodeQuery(query)
      const rows = yield* sql<{ readonly id: string | null }>`
        SELECT page.*, counted.total
        FROM (${countOf(encoded)}) AS counted
        LEFT JOIN (
          SELECT * FROM requests WHERE ${where(encoded)} ORDER BY ${
        orderBy(encoded)
      } LIMIT ${encoded.limit} OFFSET ${encoded.skip}
        ) AS page ON 1 = 1
        ORDER BY ${orderBy(encoded)}`
      const { total } = yield* decodeTotal(rows[0])
      return { rows: rows.filter((row) => row.id !== null), total }
    })

  const page = (query: RequestQuery) =>
    Effect.flatMap(
      pageRows(query),
      ({ rows, total }) => Effect.map(decodeRows(rows), (items) => ({ items: items.map((row) => row.value), total }))
    )

  const pageJson = (query: RequestQuery) =>
    Effect.map(pageRows(query), ({ rows, total }) => ({ json: `[${rows.map(requestJsonOf).join(",")}]`, total }))

  const update = SqlSchema.findAll({
    Request: RequestRow,
    Result: Schema.Struct({ id: RequestId }),
    execute: (row) =>
      sql`
      UPDATE requests SET ${sql.update(row, ["organization_id", "id", "version"])}, version = version + 1
      WHERE organization_id = ${row.organization_id} AND id = ${row.id} AND version = ${row.version}
      RETURNING id`
  })

  return RequestsStore.of({
    insert: (request) => Effect.orDie(insert({ value: request, version: 1 })),
    findById: (organization_id, id) => Effect.orDie(findById({ organization_id, id })),
    findJson: (organization_id, id) => Effect.orDie(findJson({ organization_id, id })),
    list: (query) => Effect.orDie(page(query)),
    listJson: (query) => Effect.orDie(pageJson(query)),
    update: (next, expectedVersion) =>
      Effect.orDie(Effect.map(update({ value: next, version: expectedVersion }), (changed) => changed.length === 1))
  })
})

export const layer = Layer.effect(RequestsStore, make)
