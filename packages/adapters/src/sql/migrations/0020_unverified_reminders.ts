import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// The requests whose requester was reminded to confirm them, so that each is reminded once (the
// row is the claim: of sweeps racing, one inserts it). The sweep looks across organisations for
// unverified requests by receipt, hence the partial index: it holds only the requests still waiting.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const types = sql.onDialectOrElse({
    pg: () => ({ text: `text COLLATE "C"`, instant: "timestamptz", table: "" }),
    orElse: () => ({ text: "TEXT", instant: "TEXT", table: "STRICT" })
  })
  const TEXT = sql.literal(types.text)
  const INSTANT = sql.literal(types.instant)
  const STRICT = sql.literal(types.table)

  yield* sql`
    CREATE TABLE unverified_reminders (
      request_id ${TEXT} PRIMARY KEY NOT NULL,
      organization_id ${TEXT} NOT NULL,
      reminded_at ${INSTANT} NOT NULL,
      FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id)
    ) ${STRICT}`
  yield* sql`CREATE INDEX requests_unverified ON requests (created_at, id) WHERE status = 'unverified'`
})
