import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// Issue 16: a request opened while the same user has an open one for the same right names it
// (`duplicate_of`); null otherwise. The list filters on it, so it is indexed as the other ids a
// listing looks requests up by (0008): led by the organisation, ended by `id`.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE requests ADD COLUMN duplicate_of TEXT`
  yield* sql`CREATE INDEX requests_duplicate_of ON requests (organization_id, duplicate_of, id)`
})
