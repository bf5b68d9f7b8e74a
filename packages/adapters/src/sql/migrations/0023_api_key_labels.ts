import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// Issue 19 (the console's API keys): what the administrators call a key, to tell which one to
// revoke; keys made before have none (NULL), as keys made without one.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE api_keys ADD COLUMN label TEXT`
})
