import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// Branded, translated emails. An organisation's `settings` (sender name, reply-to, logo, colours,
// default language) as JSON: nothing filters on them, and a missing setting reads as its default,
// so rows from before read as the built-in look. A request's `language`: requests from before were
// written to in English. `email_templates`: an organisation's own wording of a type of email in a
// language, at most one per organisation, type and language.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const types = sql.onDialectOrElse({
    pg: () => ({ text: `text COLLATE "C"`, instant: "timestamptz", json: "json", table: "" }),
    orElse: () => ({ text: "TEXT", instant: "TEXT", json: "TEXT", table: "STRICT" })
  })
  const TEXT = sql.literal(types.text)
  const INSTANT = sql.literal(types.instant)
  const NESTED = sql.literal(types.json)
  const STRICT = sql.literal(types.table)
  yield* sql`ALTER TABLE organizations ADD COLUMN settings ${NESTED} NOT NULL DEFAULT '{}'`
  yield* sql`ALTER TABLE requests ADD COLUMN language ${TEXT} NOT NULL DEFAULT 'en'`
  yield* sql`
    CREATE TABLE email_templates (
      organization_id ${TEXT} NOT NULL REFERENCES organizations (id),
      type ${TEXT} NOT NULL,
      language ${TEXT} NOT NULL,
      subject ${TEXT} NOT NULL,
      text ${TEXT} NOT NULL,
      html ${TEXT} NOT NULL,
      updated_at ${INSTANT} NOT NULL,
      PRIMARY KEY (organization_id, type, language)
    ) ${STRICT}`
})
