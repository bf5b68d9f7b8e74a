import { Transactor } from "@dsar/http"
import { SqlClient } from "@effect/sql"
import { SqlError } from "@effect/sql/SqlError"
import { Effect, Layer } from "effect"

const isSqlError = (error: unknown): error is SqlError => error instanceof SqlError

export const make = Effect.map(SqlClient.SqlClient, (sql) =>
  Transactor.of({
    // A failing BEGIN, COMMIT or ROLLBACK is a storage failure: a defect, like every store's.
    withTransaction: (effect) => Effect.catchIf(sql.withTransaction(effect), isSqlError, Effect.die)
  })
)

export const layer = Layer.effect(Transactor, make)
