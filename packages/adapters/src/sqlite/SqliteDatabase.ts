import { SqlClient } from "@effect/sql"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { SqlError } from "@effect/sql/SqlError"
import { Effect, Layer } from "effect"
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs"
import { dirname } from "node:path"

export interface SqliteOptions {
  /** The database file; its directory is created when missing, readable by its owner only. */
  readonly filename: string
}

/** How long a statement waits for another process's write lock before failing. */
const BUSY_TIMEOUT_MS = 5_000

// The file holds every tenant's data: the owner alone may read it. SQLite gives the WAL and shared
// memory files the database file's own mode, so creating the file 0600 before SQLite opens it (and
// narrowing a file made before this rule) covers all three.
const OWNER_ONLY_FILE = 0o600
const OWNER_ONLY_DIRECTORY = 0o700

const createPrivateFile = (filename: string) =>
  Effect.try({
    try: () => {
      mkdirSync(dirname(filename), { recursive: true, mode: OWNER_ONLY_DIRECTORY })
      closeSync(openSync(filename, "a", OWNER_ONLY_FILE))
      for (const file of [filename, `${filename}-wal`, `${filename}-shm`]) {
        if (existsSync(file)) chmodSync(file, OWNER_ONLY_FILE)
      }
    },
    catch: (cause) => new SqlError({ cause, message: `Could not create ${filename}` })
  })

// The client opens its one connection in WAL mode (readers never wait for the writer). Foreign keys
// and the busy timeout are per-connection settings SQLite leaves off, so they are set here, before
// any transaction (`foreign_keys` is ignored inside one). `secure_delete` overwrites deleted
// content with zeros, so that erased personal data does not linger in free space.
const configure = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`PRAGMA foreign_keys = ON`
  yield* sql`PRAGMA secure_delete = ON`
  yield* sql.unsafe(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`)
})

/** An `SqlClient` (and `SqliteClient`) on a file, configured for the stores. */
export const layer = (options: SqliteOptions) =>
  Layer.effectDiscard(configure).pipe(
    Layer.provideMerge(SqliteClient.layer({ filename: options.filename })),
    Layer.provide(Layer.effectDiscard(createPrivateFile(options.filename)))
  )
