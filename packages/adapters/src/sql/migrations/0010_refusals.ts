import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// Issue 16: a refused request keeps why (`refusal`, JSON: its reason code and free text); null
// until it is refused with a reason.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const NESTED = sql.literal(sql.onDialectOrElse({ pg: () => "json", orElse: () => "TEXT" }))
  yield* sql`ALTER TABLE requests ADD COLUMN refusal ${NESTED}`
})
