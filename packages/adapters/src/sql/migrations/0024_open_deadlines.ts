import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// Issue 18 (no request may stall the event loop): the overdue sweep runs every minute and reads
// the requests past their deadline. The index 0012 made holds every request not erased, so each
// pass also read every closed request whose deadline had passed, most of a long-lived database
// (seconds of CPU per pass at 1,000,000 stored, in the event loop on SQLite). Rebuilt under the same
// name with only the open requests, as the sweep asks for them (its statuses written out, so the
// databases can tell that the query's condition implies the index's).
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`DROP INDEX requests_deadline`
  yield* sql`CREATE INDEX requests_deadline ON requests (expires_at, id)
    WHERE erasure IS NULL AND status IN ('unverified', 'verified', 'work_in_progress')`
})
