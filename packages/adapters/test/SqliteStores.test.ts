import { recipientOf, RequestId, type Status } from "@dsar/domain"
import { HistoryStore, OrganizationsStore, RequestsStore, UsersStore, verifyEveryHistory } from "@dsar/http"
import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { statSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { migrate, SqlStores } from "../src/index.js"
import { SqliteDatabase, SqliteStores } from "../src/sqlite.js"
import { apiKey, day, historyEntry, orgA, organization, orgB, request, user } from "./conformance/Fixtures.js"
import { historyTampering } from "./conformance/HistoryTampering.js"
import { queryPlans, sqlitePlanner } from "./conformance/QueryPlans.js"
import { recipientSearchMigration } from "./conformance/RecipientSearchMigration.js"
import { storesConformance } from "./conformance/StoresConformance.js"
import { unverifiedSweepConformance } from "./conformance/UnverifiedSweep.js"
import { AllMigrations, undoRecipientSearch, undoWebhooksMigration } from "./support/Migrations.js"
import { tempDirectory } from "./support/TempDirectory.js"

/** Back to the schema before 0011. */
const undoHistoryChain = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`DROP INDEX history_chain`
  yield* sql`DROP TABLE history_heads`
  for (const column of ["hash", "previous_hash", "position"]) yield* sql`ALTER TABLE history DROP COLUMN ${sql(column)}`
})

/** Back to the schema before 0014, so before 0015 and 0019 to 0024 too. */
const dropBrandedEmails = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* undoRecipientSearch
  yield* sql`DROP INDEX organizations_slug`
  yield* sql`DROP INDEX requests_unverified`
  yield* sql`DROP TABLE unverified_reminders`
  yield* sql`DROP TABLE console_sessions`
  yield* sql`DROP TABLE operator_sign_in_links`
  yield* sql`DROP TABLE operators`
  yield* sql`DROP INDEX requests_duplicate_of`
  yield* sql`ALTER TABLE requests DROP COLUMN duplicate_of`
  yield* sql`DROP TABLE email_templates`
  yield* sql`ALTER TABLE requests DROP COLUMN language`
  yield* sql`ALTER TABLE organizations DROP COLUMN settings`
})

// The file sits in a directory that does not exist yet: the layer creates it.
const fileIn = (directory: string) => join(directory, "data", "dsar.sqlite")

storesConformance(
  "SQLite stores",
  Layer.unwrapScoped(Effect.map(tempDirectory, (directory) => SqliteStores.layer({ filename: fileIn(directory) })))
)

unverifiedSweepConformance(
  "SQLite stores",
  Layer.unwrapScoped(Effect.map(tempDirectory, (directory) => SqliteStores.layer({ filename: fileIn(directory) })))
)

historyTampering(
  "SQLite",
  Layer.unwrapScoped(
    Effect.map(tempDirectory, (directory) =>
      SqlStores.layer.pipe(
        Layer.provideMerge(
          Layer.effectDiscard(migrate).pipe(Layer.provideMerge(SqliteDatabase.layer({ filename: fileIn(directory) })))
        )
      ))
  )
)

queryPlans(
  "SQLite",
  Layer.unwrapScoped(
    Effect.map(
      tempDirectory,
      (directory) =>
        Layer.effectDiscard(migrate).pipe(Layer.provideMerge(SqliteDatabase.layer({ filename: fileIn(directory) })))
    )
  ),
  sqlitePlanner
)

describe("SQLite database", () => {
  it.scoped("runs in WAL mode with foreign keys, a busy timeout and deleted content overwritten", () =>
    Effect.gen(function*() {
      const directory = yield* tempDirectory
      const pragmas = yield* Effect.gen(function*() {
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
    }))

  it.scoped("keeps its directory, the database and its WAL and shared memory readable by their owner only", () =>
    Effect.gen(function*() {
      const filename = fileIn(yield* tempDirectory)
      const mode = (file: string) => (statSync(file).mode & 0o777).toString(8)
      const modes = yield* Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* sql`CREATE TABLE t (x INTEGER)`
        yield* sql`INSERT INTO t VALUES (1)`
        return [mode(dirname(filename)), mode(filename), mode(`${filename}-wal`), mode(`${filename}-shm`)]
      }).pipe(Effect.provide(SqliteDatabase.layer({ filename })))
      expect(modes).toEqual(["700", "600", "600", "600"])
    }))

  it.scoped("narrows a database file made readable by everyone before it is opened", () =>
    Effect.gen(function*() {
      const directory = yield* tempDirectory
      const filename = join(directory, "dsar.sqlite")
      writeFileSync(filename, "", { mode: 0o644 })
      yield* Effect.provide(Effect.void, SqliteDatabase.layer({ filename }))
      expect((statSync(filename).mode & 0o777).toString(8)).toBe("600")
    }))

  it.scoped("migrate runs each migration once", () =>
    Effect.gen(function*() {
      const options = { filename: fileIn(yield* tempDirectory) }
      expect(yield* SqliteStores.migrate(options)).toEqual(AllMigrations)
      expect(yield* SqliteStores.migrate(options)).toEqual([])
    }))

  it.scoped("an existing database gets the counts of the requests it already holds when 0003 migrates it", () =>
    Effect.gen(function*() {
      const options = { filename: fileIn(yield* tempDirectory) }
      const stores = SqliteStores.layer(options)
      const statuses = ["verified", "verified", "refused"] as const
      yield* Effect.provide(
        Effect.gen(function*() {
          yield* (yield* OrganizationsStore).insert(organization(orgA), apiKey(orgA))
          const requests = yield* RequestsStore
          yield* Effect.forEach(statuses, (status, i) => requests.insert(request({ id: `req_${i}`, status })), {
            discard: true
          })
        }),
        stores
      )
      // Back to the schema before 0003 (so before every later one too: the migrator runs what comes
      // after the last one it ran), with the requests in it.
      yield* Effect.provide(
        Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          yield* dropBrandedEmails
          yield* undoWebhooksMigration
          for (const trigger of ["insert", "update", "delete"]) {
            yield* sql`DROP TRIGGER ${sql(`request_counts_${trigger}`)}`
          }
          yield* undoHistoryChain
          yield* sql`DROP TABLE request_counts`
          yield* sql`DROP TABLE ended_sessions`
          yield* sql`ALTER TABLE api_keys DROP COLUMN revoked_at`
          yield* sql`DROP INDEX requests_retention`
          yield* sql`ALTER TABLE requests DROP COLUMN erasure`
          yield* sql`DROP INDEX requests_source`
          yield* sql`DROP INDEX requests_validation`
          yield* sql`ALTER TABLE requests DROP COLUMN refusal`
          yield* sql`DROP INDEX outbox_request`
          yield* sql`ALTER TABLE outbox DROP COLUMN failed_at`
          yield* sql`ALTER TABLE history DROP COLUMN reason`
          yield* sql`DELETE FROM effect_sql_migrations WHERE migration_id >= 3`
        }),
        SqliteDatabase.layer(options)
      )
      expect(yield* SqliteStores.migrate(options)).toEqual([
        [3, "request_counts"],
        [4, "key_revocation"],
        [5, "erasure"],
        [6, "request_recipients"],
        [7, "outbox_failed"],
        [8, "request_query_indexes"],
        [9, "history_reason"],
        [10, "refusals"],
        [11, "history_chain"],
        [12, "webhooks"],
        [14, "branded_emails"],
        [15, "duplicates"],
        [18, "keyset_indexes"],
        [19, "operators"],
        [20, "unverified_reminders"],
        [21, "organization_slug"],
        [22, "recipient_search"],
        [23, "api_key_labels"],
        [24, "open_deadlines"],
        [25, "postgres_request_counts"]
      ])
      const total = (status: Status) =>
        Effect.map(
          Effect.flatMap(RequestsStore, (requests) =>
            requests.list({
              organization_id: orgA,
              where: { _tag: "In", field: "status", values: [status], negated: false },
              sort: [],
              limit: 1,
              skip: 0
            })),
          (page) => page.total
        )
      expect(yield* Effect.provide(Effect.all([total("verified"), total("refused"), total("archived")]), stores))
        .toEqual([2, 1, 0])
    }))

  it.scoped("a request stored before 0006 with no email field gets its user's address as one when 0006 migrates it", () =>
    Effect.gen(function*() {
      const options = { filename: fileIn(yield* tempDirectory) }
      const stores = SqliteStores.layer(options)
      const emailless = { ...request({ id: "req_old" }), request_fields: [] }
      yield* Effect.provide(
        Effect.gen(function*() {
          yield* (yield* OrganizationsStore).insert(organization(orgA), apiKey(orgA))
          yield* (yield* UsersStore).insertIfAbsent({
            ...user(orgA, emailless.organization_user_id),
            email: "old@example.org"
          })
          yield* (yield* RequestsStore).insert(emailless)
          yield* (yield* RequestsStore).insert(request({ id: "req_given" }))
        }),
        stores
      )
      // Back to before 0006, and so before the later ones too: the migrator runs what comes after the last one it ran.
      yield* Effect.provide(
        Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          yield* dropBrandedEmails
          yield* undoHistoryChain
          yield* undoWebhooksMigration
          yield* sql`DROP INDEX requests_source`
          yield* sql`DROP INDEX requests_validation`
          yield* sql`ALTER TABLE requests DROP COLUMN refusal`
          yield* sql`DROP INDEX outbox_request`
          yield* sql`ALTER TABLE outbox DROP COLUMN failed_at`
          yield* sql`ALTER TABLE history DROP COLUMN reason`
          yield* sql`DELETE FROM effect_sql_migrations WHERE migration_id >= 6`
        }),
        SqliteDatabase.layer(options)
      )
      expect(yield* SqliteStores.migrate(options)).toEqual([
        [6, "request_recipients"],
        [7, "outbox_failed"],
        [8, "request_query_indexes"],
        [9, "history_reason"],
        [10, "refusals"],
        [11, "history_chain"],
        [12, "webhooks"],
        [14, "branded_emails"],
        [15, "duplicates"],
        [18, "keyset_indexes"],
        [19, "operators"],
        [20, "unverified_reminders"],
        [21, "organization_slug"],
        [22, "recipient_search"],
        [23, "api_key_labels"],
        [24, "open_deadlines"],
        [25, "postgres_request_counts"]
      ])
      const recipient = (id: string) =>
        Effect.map(
          Effect.flatMap(RequestsStore, (requests) => requests.findById(orgA, RequestId.make(id))),
          Option.map((found) => recipientOf(found.value))
        )
      const given = recipientOf(request({ id: "req_given" }))
      expect(yield* Effect.provide(Effect.all([recipient("req_old"), recipient("req_given")]), stores)).toEqual([
        Option.some("old@example.org"),
        Option.some(given)
      ])
    }))

  it.scoped("an existing history is chained per organisation, in the order it was written, when 0011 migrates it", () =>
    Effect.gen(function*() {
      const options = { filename: fileIn(yield* tempDirectory) }
      const stores = SqliteStores.layer(options)
      const ofA = request({ id: "req_a" })
      const ofB = request({ id: "req_b", organization_id: orgB })
      const written = [historyEntry(ofA, "hst_3"), historyEntry(ofB, "hst_1"), historyEntry(ofA, "hst_2", day(1))]
      yield* Effect.provide(
        Effect.gen(function*() {
          for (const org of [orgA, orgB]) yield* (yield* OrganizationsStore).insert(organization(org), apiKey(org))
          yield* Effect.forEach([ofA, ofB], (yield* RequestsStore).insert, { discard: true })
          yield* Effect.forEach(written, (yield* HistoryStore).append, { discard: true })
        }),
        stores
      )
      yield* Effect.provide(
        Effect.zipRight(
          Effect.zipRight(Effect.zipRight(dropBrandedEmails, undoWebhooksMigration), undoHistoryChain),
          Effect.flatMap(SqlClient.SqlClient, (sql) => sql`DELETE FROM effect_sql_migrations WHERE migration_id >= 11`)
        ),
        SqliteDatabase.layer(options)
      )
      expect(yield* SqliteStores.migrate(options)).toEqual([
        [11, "history_chain"],
        [12, "webhooks"],
        [14, "branded_emails"],
        [15, "duplicates"],
        [18, "keyset_indexes"],
        [19, "operators"],
        [20, "unverified_reminders"],
        [21, "organization_slug"],
        [22, "recipient_search"],
        [23, "api_key_labels"],
        [24, "open_deadlines"],
        [25, "postgres_request_counts"]
      ])
      const [verdicts, chainOfA] = yield* Effect.provide(
        Effect.all([verifyEveryHistory, Effect.flatMap(HistoryStore, (history) => history.chain(orgA, 0, 10))]),
        stores
      )
      expect(verdicts.map((verdict) => [verdict.organization_id, verdict.intact, verdict.verified_entries])).toEqual([
        [orgA, true, 2],
        [orgB, true, 1]
      ])
      expect(chainOfA.map((record) => [record.id, record.position])).toEqual([["hst_3", 1], ["hst_2", 2]])
    }))

  it.scoped(
    "requests stored before 0022 are found by their recipient, whatever its case, once 0022 migrates them",
    () =>
      Effect.gen(function*() {
        const options = { filename: fileIn(yield* tempDirectory) }
        yield* recipientSearchMigration(
          SqliteStores.layer(options),
          SqliteDatabase.layer(options),
          SqliteStores.migrate(options)
        )
      }),
    60_000
  )

  it.scoped("what one layer wrote, the next one on the same file reads", () =>
    Effect.gen(function*() {
      const stores = SqliteStores.layer({ filename: fileIn(yield* tempDirectory) })
      yield* Effect.provide(
        Effect.flatMap(OrganizationsStore, (organizations) => organizations.insert(organization(orgA), apiKey(orgA))),
        stores
      )
      const found = yield* Effect.provide(
        Effect.flatMap(OrganizationsStore, (organizations) => organizations.findById(orgA)),
        stores
      )
      expect(found).toEqual(Option.some(organization(orgA)))
    }))
})
