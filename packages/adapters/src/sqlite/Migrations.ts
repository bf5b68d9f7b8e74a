import * as Migrator from "@effect/sql/Migrator"
import initial from "./migrations/0001_initial.js"

/**
 * Brings the database's schema up to date; returns the migrations it ran (none when current).
 * `@effect/sql`'s own migrator, without the file-system loader and the schema dump of
 * `SqliteMigrator`, which would need a file system and a `sqlite3` binary.
 */
export const migrate = Migrator.make({})({
  loader: Migrator.fromRecord({ "0001_initial": initial })
})
