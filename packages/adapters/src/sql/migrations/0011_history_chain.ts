import { chainEntry, EmptyChain, headOf, OrganizationId } from "@dsar/domain"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Schema } from "effect"
import { sha256 } from "../../crypto/HistoryDigest.js"
import { HistoryEntryRow } from "../rows/HistoryRow.js"

// The history becomes a hash chain per organisation (domain `chainEntry`): each row gets its
// position in its organisation's chain, the previous entry's hash and its own; `history_heads`
// holds each organisation's last position and hash, moved by every append in the same
// transaction (PostgreSQL appends lock that row, so two writers of one organisation take turns),
// and lets verification see entries removed from the end. Existing rows are chained in the order
// they were appended. Two entries can never hold one position of one organisation.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const TEXT = sql.literal(sql.onDialectOrElse({ pg: () => `text COLLATE "C"`, orElse: () => "TEXT" }))
  const INTEGER = sql.literal(sql.onDialectOrElse({ pg: () => "integer", orElse: () => "INTEGER" }))
  const STRICT = sql.literal(sql.onDialectOrElse({ pg: () => "", orElse: () => "STRICT" }))
  yield* sql`ALTER TABLE history ADD COLUMN position ${INTEGER}`
  yield* sql`ALTER TABLE history ADD COLUMN previous_hash ${TEXT}`
  yield* sql`ALTER TABLE history ADD COLUMN hash ${TEXT}`
  yield* sql`
    CREATE TABLE history_heads (
      organization_id ${TEXT} PRIMARY KEY REFERENCES organizations (id),
      position ${INTEGER} NOT NULL,
      hash ${TEXT} NOT NULL
    ) ${STRICT}`

  const organizations = yield* SqlSchema.findAll({
    Request: Schema.Void,
    Result: Schema.Struct({ organization_id: OrganizationId }),
    execute: () => sql`SELECT DISTINCT organization_id FROM history ORDER BY organization_id`
  })(undefined)
  const entriesOf = SqlSchema.findAll({
    Request: OrganizationId,
    Result: HistoryEntryRow,
    execute: (organization_id) => sql`SELECT * FROM history WHERE organization_id = ${organization_id} ORDER BY seq`
  })
  for (const { organization_id } of organizations) {
    let head = EmptyChain
    for (const entry of yield* entriesOf(organization_id)) {
      const record = chainEntry(entry, head, sha256)
      yield* sql`
        UPDATE history SET position = ${record.position}, previous_hash = ${record.previous_hash}, hash = ${record.hash}
        WHERE id = ${record.id}`
      head = headOf(record)
    }
    yield* sql`
      INSERT INTO history_heads (organization_id, position, hash) VALUES (${organization_id}, ${head.position}, ${head.hash})`
  }
  yield* sql`CREATE UNIQUE INDEX history_chain ON history (organization_id, position)`
})
