/** PostgreSQL stores over `@effect/sql-pg` and `pg`: many server processes over one database. */
export * as PgDatabase from "./pg/PgDatabase.js"
export { PgStores } from "./pg/PgStores.js"
