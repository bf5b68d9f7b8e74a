import { Transactor } from "@dsar/http"
import { SqlClient } from "@effect/sql"
import { SqlError } from "@effect/sql/SqlError"
import { Effect, Layer } from "effect"

const isSqlError = (error: unknown): error is SqlError => error instanceof SqlError

/**
 * A transaction that may write. On SQLite it takes the database's write lock with its first
 * statement (a write that changes nothing): a plain `BEGIN` reads first, and when another process
 * (a `dsar` command on the same file) writes meanwhile, the later upgrade to writing fails at once
 * with "database is locked" instead of waiting for the lock like a first write does.
 */
export const writeTransaction =
  (sql: SqlClient.SqlClient) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | SqlError, R> =>
    sql.withTransaction(
      sql.onDialectOrElse({
        sqlite: () => Effect.zipRight(sql`UPDATE organizations SET id = id WHERE 0`, effect),
        orElse: () => effect
      })
    )

export const make = Effect.map(SqlClient.SqlClient, (sql) =>
  Transactor.of({
    // A failing BEGIN, COMMIT or ROLLBACK is a storage failure: a defect, like every store's.
    withTransaction: (effect) => Effect.catchIf(writeTransaction(sql)(effect), isSqlError, Effect.die)
  }))

export const layer = Layer.effect(Transactor, make)
