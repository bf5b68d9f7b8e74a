/** SQLite stores (the embedded default) over `@effect/sql-sqlite-node` and better-sqlite3. */
export * as SqliteDatabase from "./sqlite/SqliteDatabase.js"
export { SqliteStores } from "./sqlite/SqliteStores.js"
