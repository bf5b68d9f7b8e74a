import { OrganizationId } from "@dsar/domain"
import { ApiKey, OrganizationsStore } from "@dsar/http"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Layer, Schema } from "effect"
import { OrganizationRow } from "./rows/OrganizationRow.js"

export const make = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient

  const insertOrganization = SqlSchema.void({
    Request: OrganizationRow,
    execute: (row) => sql`INSERT INTO organizations ${sql.insert(row)}`
  })

  const insertKey = SqlSchema.void({
    Request: ApiKey,
    execute: (row) => sql`INSERT INTO api_keys ${sql.insert(row)}`
  })

  const findById = SqlSchema.findOne({
    Request: OrganizationId,
    Result: OrganizationRow,
    execute: (id) => sql`SELECT * FROM organizations WHERE id = ${id}`
  })

  const findKey = SqlSchema.findOne({
    Request: Schema.String,
    Result: ApiKey,
    execute: (key) => sql`SELECT * FROM api_keys WHERE key = ${key}`
  })

  const count = SqlSchema.single({
    Request: Schema.Void,
    Result: Schema.Struct({ count: Schema.Int }),
    execute: () => sql`SELECT CAST(count(*) AS INTEGER) AS count FROM organizations`
  })

  return OrganizationsStore.of({
    insert: (organization, key) =>
      Effect.orDie(sql.withTransaction(Effect.zipRight(insertOrganization(organization), insertKey(key)))),
    findById: (id) => Effect.orDie(findById(id)),
    findKey: (key) => Effect.orDie(findKey(key)),
    count: Effect.orDie(Effect.map(count(undefined), (row) => row.count))
  })
})

export const layer = Layer.effect(OrganizationsStore, make)
