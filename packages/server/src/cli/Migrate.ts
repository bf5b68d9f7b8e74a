import { Command } from "@effect/cli"
import { Effect } from "effect"
import { migrateStores } from "../Adapters.js"
import { dataDir } from "../Config.js"

export const migrate = Command.make("migrate", { dataDir }, (options) =>
  Effect.gen(function*() {
    const applied = yield* migrateStores(options.dataDir)
    yield* Effect.logInfo(
      applied.length === 0 ? "The database is up to date" : `Applied ${applied.length} migration(s)`,
      {
        migrations: applied.map(([id, name]) => `${id}_${name}`)
      }
    )
  })).pipe(Command.withDescription("Apply pending database migrations (serve also applies them at start)."))
