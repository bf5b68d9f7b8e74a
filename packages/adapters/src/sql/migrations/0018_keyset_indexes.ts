import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// Keyset pages (decision 0025): every single-field sort is an index `(organization_id, field, id)`
// read forwards or backwards, `id` breaking ties in the sort's direction. Absent ids sort first
// ascending on every store; SQLite's indexes hold NULL first already, PostgreSQL's B-trees hold it
// last unless told, so a sort on a nullable id would sort every match instead of reading an index.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql.onDialectOrElse({
    pg: () =>
      Effect.gen(function*() {
        yield* sql`DROP INDEX requests_validation`
        yield* sql`CREATE INDEX requests_validation ON requests (organization_id, validation_id NULLS FIRST, id)`
        yield* sql`DROP INDEX requests_duplicate_of`
        yield* sql`CREATE INDEX requests_duplicate_of ON requests (organization_id, duplicate_of NULLS FIRST, id)`
      }),
    orElse: () => Effect.void
  })
})
