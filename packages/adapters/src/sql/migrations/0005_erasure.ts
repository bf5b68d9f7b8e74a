import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// Erasure (`DELETE /dsar/requests/{id}`, and the retention period): an erased request keeps its
// row, personal values emptied, with `erasure` (when, by whom) as JSON; null until then. The
// retention worker looks for closed requests not erased yet by their last change, across
// organisations, so that search has an index of its own.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const NESTED = sql.literal(sql.onDialectOrElse({ pg: () => "json", orElse: () => "TEXT" }))
  yield* sql`ALTER TABLE requests ADD COLUMN erasure ${NESTED}`
  yield* sql`CREATE INDEX requests_retention ON requests (updated_at, id) WHERE erasure IS NULL`
})
