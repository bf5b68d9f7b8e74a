import { SqliteClient } from "@effect/sql-sqlite-node"
import { SqlClient } from "@effect/sql"
import { SqlError } from "@effect/sql/SqlError"
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import { Effect, Layer } from "effect"

export interface SqliteOptions {
  /** The database file; its directory is created when missing. */
  readonly filename: string
}

/** How long a statement waits for another process's write lock before failing. */
const BUSY_TIMEOUT_MS = 5_000

const createDirectory = (filename: string) =>
  Effect.try({
    try: () => mkdirSync(dirname(filename), { recursive: true }),
    catch: (cause) => new SqlError({ cause, message: `Could not create the directory of ${filename}` })
  })

// The client opens its one connection in WAL mode (readers never wait for the writer). Foreign keys
// and the busy timeout are per-connection settings SQLite leaves off, so they are set here, before
// any transaction (`foreign_keys` is ignored inside one). `secure_delete` overwrites deleted
// content with zeros, so that erased personal data does not linger in free space.
const configure = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`PRAGMA foreign_keys = ON`
  yield* sql`PRAGMA secure_delete = ON`
  yield* sql.unsafe(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`)
})

/** An `SqlClient` (and `SqliteClient`) on a file, configured for the stores. */
export const layer = (options: SqliteOptions) =>
  Layer.effectDiscard(configure).pipe(
    Layer.provideMerge(SqliteClient.layer({ filename: options.filename })),
    Layer.provide(Layer.effectDiscard(createDirectory(options.filename)))
  )
