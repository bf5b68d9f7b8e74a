import { recipientKeyOf } from "@dsar/domain"
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// Issue 19 (the console's search by email): a request's recipient, lower-cased (domain
// `recipientKeyOf`), kept beside its fields so that a search by address reads an index instead of
// every request's JSON (decision 0027). The stores write it on every insert and update; the
// requests already stored get theirs here, computed by the same function as the stores' (SQL's
// `lower` would differ from it on some texts), a page of ids at a time so memory stays flat. The
// index is made once the column is filled, and serves the search in the list's default order.
const PAGE = 500

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const TEXT = sql.literal(sql.onDialectOrElse({ pg: () => `text COLLATE "C"`, orElse: () => "TEXT" }))
  yield* sql`ALTER TABLE requests ADD COLUMN recipient ${TEXT}`
  let after = ""
  while (true) {
    const rows = yield* sql<{ readonly id: string; readonly request_fields: string }>`
      SELECT id, CAST(request_fields AS TEXT) AS request_fields FROM requests
      WHERE id > ${after} ORDER BY id LIMIT ${PAGE}`
    for (const row of rows) {
      const recipient = recipientKeyOf({ request_fields: JSON.parse(row.request_fields) })
      if (recipient !== null) yield* sql`UPDATE requests SET recipient = ${recipient} WHERE id = ${row.id}`
    }
    if (rows.length < PAGE) break
    after = rows[rows.length - 1]!.id
  }
  yield* sql`CREATE INDEX requests_recipient ON requests (organization_id, recipient, created_at, id)`
})
