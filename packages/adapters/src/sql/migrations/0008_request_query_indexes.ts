import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// The list filters on every scalar field now (Feathers' query language, decision 0013). The
// fields 0001 left unindexed are the ids a client looks a request up by: its source and its
// validation. Each index leads with the organisation, as every query does, and ends with `id`, as
// every ORDER BY does.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE INDEX requests_source ON requests (organization_id, source_id, id)`
  yield* sql`CREATE INDEX requests_validation ON requests (organization_id, validation_id, id)`
})
