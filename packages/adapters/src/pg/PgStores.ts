import { Effect, Layer } from "effect"
import { migrate } from "../sql/Migrations.js"
import { SqlStores } from "../sql/SqlStores.js"
import * as PgDatabase from "./PgDatabase.js"

/** Every storage port over one PostgreSQL database, migrated when the layer starts. */
export const PgStores = {
  layer: (options: PgDatabase.PgOptions) =>
    SqlStores.layer.pipe(
      Layer.provide(Layer.effectDiscard(migrate).pipe(Layer.provideMerge(PgDatabase.layer(options))))
    ),

  /** What `dsar migrate` runs: the pending migrations of the database, then the pool is closed. */
  migrate: (options: PgDatabase.PgOptions) => Effect.provide(migrate, PgDatabase.layer(options))
} as const
