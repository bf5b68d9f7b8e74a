import { Effect, Layer } from "effect"
import { migrate } from "../sql/Migrations.js"
import { SqlStores } from "../sql/SqlStores.js"
import * as SqliteDatabase from "./SqliteDatabase.js"

/** Every storage port over one SQLite file, migrated when the layer starts. */
export const SqliteStores = {
  layer: (options: SqliteDatabase.SqliteOptions) =>
    SqlStores.layer.pipe(
      Layer.provide(Layer.effectDiscard(migrate).pipe(Layer.provideMerge(SqliteDatabase.layer(options))))
    ),

  /** What `dsar migrate` runs: the pending migrations of the file, then it is closed. */
  migrate: (options: SqliteDatabase.SqliteOptions) => Effect.provide(migrate, SqliteDatabase.layer(options))
} as const
