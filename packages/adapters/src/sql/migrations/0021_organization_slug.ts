import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// Issue 19 (the requester's form at /privacy/<slug>): an organisation's slug lives in its settings
// JSON, with no second copy to keep in step; this index makes it unique across organisations and
// serves the lookup by slug, which uses the same expression. An absent or null slug is NULL to
// both databases, and NULLs never collide.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql.onDialectOrElse({
    pg: () => sql`CREATE UNIQUE INDEX organizations_slug ON organizations ((settings->>'slug'))`,
    orElse: () => sql`CREATE UNIQUE INDEX organizations_slug ON organizations (json_extract(settings, '$.slug'))`
  })
})
