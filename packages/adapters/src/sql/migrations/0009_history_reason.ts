import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// Why a change was made, for the actions that take a reason (a deadline extension's, shown to the
// requester too); null for the others.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE history ADD COLUMN reason TEXT`
})
