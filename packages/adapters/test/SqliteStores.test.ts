import { OrganizationsStore } from "@dsar/http"
import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { join } from "node:path"
import { Effect, Layer, Option } from "effect"
import { SqliteDatabase, SqliteStores } from "../src/index.js"
import { apiKey, orgA, organization } from "./conformance/Fixtures.js"
import { storesConformance } from "./conformance/StoresConformance.js"
import { tempDirectory } from "./support/TempDirectory.js"

// The file sits in a directory that does not exist yet: the layer creates it.
const fileIn = (directory: string) => join(directory, "data", "dsar.sqlite")

storesConformance(
  "SQLite stores",
  Layer.unwrapScoped(Effect.map(tempDirectory, (directory) => SqliteStores.layer({ filename: fileIn(directory) })))
)

describe("SQLite database", () => {
  it.scoped("runs in WAL mode with foreign keys and a busy timeout", () =>
    Effect.gen(function* () {
      const directory = yield* tempDirectory
      const pragmas = yield* Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        return {
          journal: yield* sql`PRAGMA journal_mode`,
          foreignKeys: yield* sql`PRAGMA foreign_keys`,
          busyTimeout: yield* sql`PRAGMA busy_timeout`
        }
      }).pipe(Effect.provide(SqliteDatabase.layer({ filename: fileIn(directory) })))
      expect(pragmas).toEqual({
        journal: [{ journal_mode: "wal" }],
        foreignKeys: [{ foreign_keys: 1 }],
        busyTimeout: [{ timeout: 5000 }]
      })
    })
  )

  it.scoped("migrate runs each migration once", () =>
    Effect.gen(function* () {
      const options = { filename: fileIn(yield* tempDirectory) }
      expect(yield* SqliteStores.migrate(options)).toEqual([[1, "initial"], [2, "outbox_attempts"]])
      expect(yield* SqliteStores.migrate(options)).toEqual([])
    })
  )

  it.scoped("what one layer wrote, the next one on the same file reads", () =>
    Effect.gen(function* () {
      const stores = SqliteStores.layer({ filename: fileIn(yield* tempDirectory) })
      yield* Effect.provide(
        Effect.flatMap(OrganizationsStore, (organizations) => organizations.insert(organization(orgA), apiKey(orgA))),
        stores
      )
      const found = yield* Effect.provide(Effect.flatMap(OrganizationsStore, (organizations) => organizations.findById(orgA)), stores)
      expect(found).toEqual(Option.some(organization(orgA)))
    })
  )
})
