import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// Issue 16. A refused request keeps why (`refusal`, JSON: its reason code and free text); a request
// opened while another of the same user and right is open names it (`duplicate_of`, filtered on
// by the list); an unverified request remembers when its requester was reminded (`reminded_at`),
// so the sweep reminds once. Each is null until it applies. The sweep looks for unverified
// requests by age across organisations, hence the partial index.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const types = sql.onDialectOrElse({
    pg: () => ({ text: `text COLLATE "C"`, instant: "timestamptz", json: "json" }),
    orElse: () => ({ text: "TEXT", instant: "TEXT", json: "TEXT" })
  })
  yield* sql`ALTER TABLE requests ADD COLUMN refusal ${sql.literal(types.json)}`
  yield* sql`ALTER TABLE requests ADD COLUMN duplicate_of ${sql.literal(types.text)}`
  yield* sql`ALTER TABLE requests ADD COLUMN reminded_at ${sql.literal(types.instant)}`
  yield* sql`CREATE INDEX requests_duplicate_of ON requests (organization_id, duplicate_of, created_at, id)`
  yield* sql`CREATE INDEX requests_unverified ON requests (created_at, id) WHERE status = 'unverified'`
})
