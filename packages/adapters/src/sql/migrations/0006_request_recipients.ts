import { EmailField, FieldDefinition } from "@dsar/domain"
import { SqlClient } from "@effect/sql"
import { Effect, Schema } from "effect"

// A request's emails go to its `email` field, decided when it is created (domain `withRecipient`).
// Requests stored before had no field when only their user held the address, and their emails
// went to the stored user's: that address becomes their `email` field, so they keep it.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const field = Schema.encodeSync(FieldDefinition)(EmailField)
  const rows = yield* sql<{
    readonly id: string
    readonly request_fields: string
    readonly created_at: string
    readonly email: string
  }>`
    SELECT requests.id, CAST(requests.request_fields AS TEXT) AS request_fields, requests.created_at,
      users.email
    FROM requests JOIN users
      ON users.organization_id = requests.organization_id AND users.organization_user_id = requests.organization_user_id
    WHERE users.email IS NOT NULL`
  for (const row of rows) {
    const fields = JSON.parse(row.request_fields) as Array<{ readonly field_id: string }>
    if (fields.some((f) => f.field_id === EmailField.id)) continue
    const at = new Date(row.created_at).toISOString()
    const added = {
      id: `rqf_${row.id}_email`,
      created_at: at,
      updated_at: at,
      request_id: row.id,
      field_id: EmailField.id,
      value: row.email,
      field
    }
    yield* sql`UPDATE requests SET request_fields = ${JSON.stringify([...fields, added])} WHERE id = ${row.id}`
  }
})
