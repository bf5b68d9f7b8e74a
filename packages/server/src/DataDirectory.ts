import { Effect } from "effect"
import { chmodSync, mkdirSync } from "node:fs"

/**
 * The data directory holds every tenant's data and the session key: only its owner may list or
 * read it. A directory made before this rule, or by hand, is narrowed too.
 */
export const ensurePrivateDirectory = (dataDir: string) =>
  Effect.sync(() => {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    chmodSync(dataDir, 0o700)
  })
