import type { Status } from "@dsar/domain"
import { OrganizationsStore, RequestsStore } from "@dsar/http"
import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { join } from "node:path"
import { Effect, Layer, Option } from "effect"
import { SqliteDatabase, SqliteStores } from "../src/sqlite.js"
import { apiKey, orgA, organization, request } from "./conformance/Fixtures.js"
import { storesConformance } from "./conformance/StoresConformance.js"
import { tempDirectory } from "./support/TempDirectory.js"

// The file sits in a directory that does not exist yet: the layer creates it.
const fileIn = (directory: string) => join(directory, "data", "dsar.sqlite")

storesConformance(
  "SQLite stores",
  Layer.unwrapScoped(Effect.map(tempDirectory, (directory) => SqliteStores.layer({ filename: fileIn(directory) })))
)

describe("SQLite database", () => {
  it.scoped("runs in WAL mode with foreign keys, a busy timeout and deleted content overwritten", () =>
    Effect.gen(function* () {
      const directory = yield* tempDirectory
      const pragmas = yield* Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        return {
          journal: yield* sql`PRAGMA journal_mode`,
          foreignKeys: yield* sql`PRAGMA foreign_keys`,
          busyTimeout: yield* sql`PRAGMA busy_timeout`,
          secureDelete: yield* sql`PRAGMA secure_delete`
        }
      }).pipe(Effect.provide(SqliteDatabase.layer({ filename: fileIn(directory) })))
      expect(pragmas).toEqual({
        journal: [{ journal_mode: "wal" }],
        foreignKeys: [{ foreign_keys: 1 }],
        busyTimeout: [{ timeout: 5000 }],
        secureDelete: [{ secure_delete: 1 }]
      })
    })
  )

  it.scoped("migrate runs each migration once", () =>
    Effect.gen(function* () {
      const options = { filename: fileIn(yield* tempDirectory) }
      expect(yield* SqliteStores.migrate(options)).toEqual([[1, "initial"], [2, "outbox_attempts"], [3, "request_counts"], [5, "erasure"], [7, "outbox_failed"]])
      expect(yield* SqliteStores.migrate(options)).toEqual([])
    })
  )

  it.scoped("an existing database gets the counts of the requests it already holds when 0003 migrates it", () =>
    Effect.gen(function* () {
      const options = { filename: fileIn(yield* tempDirectory) }
      const stores = SqliteStores.layer(options)
      const statuses = ["verified", "verified", "refused"] as const
      yield* Effect.provide(
        Effect.gen(function* () {
          yield* (yield* OrganizationsStore).insert(organization(orgA), apiKey(orgA))
          const requests = yield* RequestsStore
          yield* Effect.forEach(statuses, (status, i) => requests.insert(request({ id: `req_${i}`, status })), { discard: true })
        }),
        stores
      )
      // Back to the schema before 0003 (so before 0005 and 0007 too: the migrator runs what comes after the
      // last one it ran), with the requests in it.
      yield* Effect.provide(
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          for (const trigger of ["insert", "update", "delete"]) yield* sql`DROP TRIGGER ${sql(`request_counts_${trigger}`)}`
          yield* sql`DROP TABLE request_counts`
          yield* sql`DROP INDEX requests_retention`
          yield* sql`ALTER TABLE requests DROP COLUMN erasure`
          yield* sql`DROP INDEX outbox_request`
          yield* sql`ALTER TABLE outbox DROP COLUMN failed_at`
          yield* sql`DELETE FROM effect_sql_migrations WHERE migration_id >= 3`
        }),
        SqliteDatabase.layer(options)
      )
      expect(yield* SqliteStores.migrate(options)).toEqual([[3, "request_counts"], [5, "erasure"], [7, "outbox_failed"]])
      const total = (status: Status) =>
        Effect.map(
          Effect.flatMap(RequestsStore, (requests) => requests.list({ organization_id: orgA, status: [status], sort: [], limit: 1, skip: 0 })),
          (page) => page.total
        )
      expect(yield* Effect.provide(Effect.all([total("verified"), total("refused"), total("archived")]), stores)).toEqual([2, 1, 0])
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
