import { OrganizationId, OrganizationUserId } from "@dsar/domain"
import { UsersStore } from "@dsar/http"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Layer, Schema } from "effect"
import { UserRow } from "./rows/UserRow.js"

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const find = SqlSchema.findOne({
    Request: Schema.Struct({ organization_id: OrganizationId, organization_user_id: OrganizationUserId }),
    Result: UserRow,
    execute: (key) =>
      sql`SELECT * FROM users WHERE organization_id = ${key.organization_id} AND organization_user_id = ${key.organization_user_id}`
  })

  const insert = SqlSchema.void({
    Request: UserRow,
    // Waits for a racing insert of the same user to end, then keeps whichever landed first.
    execute: (row) =>
      sql`INSERT INTO users ${sql.insert(row)} ON CONFLICT (organization_id, organization_user_id) DO NOTHING`
  })

  return UsersStore.of({
    find: (organization_id, organization_user_id) => Effect.orDie(find({ organization_id, organization_user_id })),
    insertIfAbsent: (user) => Effect.orDie(insert(user))
  })
})

export const layer = Layer.effect(UsersStore, make)
