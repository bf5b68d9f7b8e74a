import { OrganizationId, OrganizationUserId, RegulationId, RequestId, Status, Timestamp, UserRightId } from "@dsar/domain"
import { RequestsStore, SortFields } from "@dsar/http"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Layer, Schema } from "effect"
import { RequestRow } from "./rows/RequestRow.js"

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

export const make = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient

  const where = (query: typeof Query.Encoded) => {
    const among = (column: string, values: ReadonlyArray<string> | undefined) => (values === undefined ? [] : [sql.in(column, values)])
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

  const page = SqlSchema.findAll({
    Request: Query,
    Result: RequestRow,
    execute: (query) =>
      sql`SELECT * FROM requests WHERE ${where(query)} ORDER BY ${orderBy(query)} LIMIT ${query.limit} OFFSET ${query.skip}`
  })

  const total = SqlSchema.single({
    Request: Query,
    Result: Schema.Struct({ total: Schema.Int }),
    execute: (query) => sql`SELECT CAST(count(*) AS INTEGER) AS total FROM requests WHERE ${where(query)}`
  })

  const update = SqlSchema.findAll({
    Request: RequestRow,
    Result: Schema.Struct({ id: RequestId }),
    execute: (row) => sql`
      UPDATE requests SET ${sql.update(row, ["organization_id", "id", "version"])}, version = version + 1
      WHERE organization_id = ${row.organization_id} AND id = ${row.id} AND version = ${row.version}
      RETURNING id`
  })

  return RequestsStore.of({
    insert: (request) => Effect.orDie(insert({ value: request, version: 1 })),
    findById: (organization_id, id) => Effect.orDie(findById({ organization_id, id })),
    // One transaction, so `total` and the page count the same rows.
    list: (query) =>
      Effect.all({
        items: Effect.map(page(query), (rows) => rows.map((row) => row.value)),
        total: Effect.map(total(query), (row) => row.total)
      }).pipe(sql.withTransaction, Effect.orDie),
    update: (next, expectedVersion) =>
      Effect.orDie(Effect.map(update({ value: next, version: expectedVersion }), (changed) => changed.length === 1))
  })
})

export const layer = Layer.effect(RequestsStore, make)

