import { LinksStore, OrganizationsStore, RequestsStore } from "@dsar/http"
import { SqlClient } from "@effect/sql"
import { expect, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { migrate, SqlStores } from "../src/index.js"
import { PgDatabase, PgStores } from "../src/pg.js"
import { apiKey, day, link, orgA, organization, request } from "./conformance/Fixtures.js"
import { historyTampering } from "./conformance/HistoryTampering.js"
import { postgresPlanner, queryPlans } from "./conformance/QueryPlans.js"
import { recipientSearchMigration } from "./conformance/RecipientSearchMigration.js"
import { storesConformance } from "./conformance/StoresConformance.js"
import { unverifiedSweepConformance } from "./conformance/UnverifiedSweep.js"
import { AllMigrations, undoPostgresRequestCounts } from "./support/Migrations.js"
import { describePostgres, freshSchema } from "./support/Postgres.js"

// Every build of the layer gets a schema of its own (`t_<random>`, dropped after), so each test
// starts from an empty, freshly migrated database and test files can run side by side.
describePostgres("PostgreSQL", () => {
  storesConformance(
    "PostgreSQL stores",
    Layer.unwrapScoped(Effect.map(freshSchema, ({ url }) => PgStores.layer({ url })))
  )

  unverifiedSweepConformance(
    "PostgreSQL stores",
    Layer.unwrapScoped(Effect.map(freshSchema, ({ url }) => PgStores.layer({ url })))
  )

  historyTampering(
    "PostgreSQL",
    Layer.unwrapScoped(
      Effect.map(freshSchema, ({ url }) =>
        SqlStores.layer.pipe(
          Layer.provideMerge(Layer.effectDiscard(migrate).pipe(Layer.provideMerge(PgDatabase.layer({ url }))))
        ))
    )
  )

  queryPlans(
    "PostgreSQL",
    Layer.unwrapScoped(
      Effect.map(
        freshSchema,
        ({ url }) => Layer.effectDiscard(migrate).pipe(Layer.provideMerge(PgDatabase.layer({ url })))
      )
    ),
    postgresPlanner
  )

  it.scoped("migrate runs each migration once", () =>
    Effect.gen(function*() {
      const { url } = yield* freshSchema
      expect(yield* PgStores.migrate({ url })).toEqual(AllMigrations)
      expect(yield* PgStores.migrate({ url })).toEqual([])
    }))

  it.scoped("servers starting at once on one database migrate it once, and none fails", () =>
    Effect.gen(function*() {
      const { url } = yield* freshSchema
      // Each has a pool of its own: separate sessions, as separate processes would have.
      const runs = yield* Effect.all(Array.from({ length: 6 }, () => PgStores.migrate({ url })), {
        concurrency: "unbounded"
      })
      expect(runs.filter((ran) => ran.length > 0)).toEqual([AllMigrations])
      const stores = yield* Effect.all(
        Array.from({ length: 3 }, () =>
          Effect.provide(
            Effect.flatMap(OrganizationsStore, (organizations) => organizations.count),
            PgStores.layer({ url })
          )),
        { concurrency: "unbounded" }
      )
      expect(stores).toEqual([0, 0, 0])
    }))

  it.scoped(
    "requests stored before 0022 are found by their recipient, whatever its case, once 0022 migrates them",
    () =>
      Effect.gen(function*() {
        const { url } = yield* freshSchema
        yield* recipientSearchMigration(PgStores.layer({ url }), PgDatabase.layer({ url }), PgStores.migrate({ url }))
      }),
    60_000
  )

  it.scoped(
    "the counts 0025 keeps start from the requests stored before it and stay what counting finds, with several servers creating and moving requests at once",
    () =>
      Effect.gen(function*() {
        const { url } = yield* freshSchema
        const servers = yield* Effect.all(Array.from({ length: 3 }, () => Layer.build(PgStores.layer({ url }))))
        const on = <A, R extends RequestsStore | OrganizationsStore>(
          server: number,
          effect: Effect.Effect<A, never, R>
        ) => Effect.provide(effect, servers[server % servers.length]!)
        const rights = ["cpra_access_my_data", "cpra_delete_my_data"] as const
        const stored = (i: number) => request({ id: `req_${i}`, user_right_id: rights[i % 2]!, status: "verified" })
        yield* on(
          0,
          Effect.flatMap(OrganizationsStore, (organizations) => organizations.insert(organization(orgA), apiKey(orgA)))
        )
        yield* on(
          0,
          Effect.forEach(
            Array.from({ length: 20 }, (_, i) => stored(i)),
            (r) => Effect.flatMap(RequestsStore, (requests) => requests.insert(r)),
            { discard: true }
          )
        )
        const database = PgDatabase.layer({ url })
        yield* Effect.provide(
          Effect.gen(function*() {
            const sql = yield* SqlClient.SqlClient
            yield* undoPostgresRequestCounts
            yield* sql`DELETE FROM effect_sql_migrations WHERE migration_id >= 25`
          }),
          database
        )
        expect(yield* PgStores.migrate({ url })).toEqual([[25, "postgres_request_counts"]])
        const move = (i: number) =>
          Effect.flatMap(RequestsStore, (requests) => requests.update({ ...stored(i), status: "work_in_progress" }, 1))
        const create = (i: number) => Effect.flatMap(RequestsStore, (requests) => requests.insert(stored(i)))
        yield* Effect.all(
          [
            ...Array.from({ length: 20 }, (_, i) => i % 3 === 0 ? move(i) : Effect.void),
            ...Array.from({ length: 60 }, (_, i) => create(20 + i))
          ].map((change, i) => on(i, change)),
          { concurrency: 12 }
        )
        const [kept, counted] = yield* Effect.provide(
          Effect.flatMap(SqlClient.SqlClient, (sql) =>
            Effect.all([
              sql`SELECT status, user_right_id, CAST(sum(n) AS INTEGER) AS n FROM request_counts
                GROUP BY status, user_right_id HAVING sum(n) <> 0 ORDER BY status, user_right_id`,
              sql`SELECT status, user_right_id, CAST(count(*) AS INTEGER) AS n FROM requests
                GROUP BY status, user_right_id ORDER BY status, user_right_id`
            ])),
          database
        )
        expect(kept).toEqual(counted)
        expect(counted).toEqual([
          { status: "verified", user_right_id: "cpra_access_my_data", n: 36 },
          { status: "verified", user_right_id: "cpra_delete_my_data", n: 37 },
          { status: "work_in_progress", user_right_id: "cpra_access_my_data", n: 4 },
          { status: "work_in_progress", user_right_id: "cpra_delete_my_data", n: 3 }
        ])
      }),
    60_000
  )

  it.scoped("what one layer wrote, the next one on the same database reads", () =>
    Effect.gen(function*() {
      const stores = PgStores.layer({ url: (yield* freshSchema).url })
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

  it.scoped("compare-and-set holds across servers: one update and one markUsed win of many, over several pools", () =>
    Effect.gen(function*() {
      const { url } = yield* freshSchema
      const servers = yield* Effect.all(Array.from({ length: 3 }, () => Layer.build(PgStores.layer({ url }))))
      const on = <A, R extends RequestsStore | LinksStore | OrganizationsStore>(
        server: number,
        effect: Effect.Effect<A, never, R>
      ) => Effect.provide(effect, servers[server % servers.length]!)
      const stored = request({ id: "req_1" })
      const issued = link(stored, "lnk_1")
      yield* on(
        0,
        Effect.flatMap(OrganizationsStore, (organizations) => organizations.insert(organization(orgA), apiKey(orgA)))
      )
      yield* on(0, Effect.flatMap(RequestsStore, (requests) => requests.insert(stored)))
      yield* on(0, Effect.flatMap(LinksStore, (links) => links.insert(issued)))
      const updates = yield* Effect.all(
        Array.from(
          { length: 30 },
          (_, i) =>
            on(
              i,
              Effect.flatMap(
                RequestsStore,
                (requests) => requests.update({ ...stored, status: "verified", metadata: { writer: i } }, 1)
              )
            )
        ),
        { concurrency: "unbounded" }
      )
      const marks = yield* Effect.all(
        Array.from(
          { length: 30 },
          (_, i) => on(i, Effect.flatMap(LinksStore, (links) => links.markUsed(issued.id, day(1))))
        ),
        { concurrency: "unbounded" }
      )
      expect(updates.filter((won) => won)).toHaveLength(1)
      expect(marks.filter((won) => won)).toHaveLength(1)
      const after = yield* on(1, Effect.flatMap(RequestsStore, (requests) => requests.findById(orgA, stored.id)))
      expect(Option.map(after, (found) => found.value.metadata)).toEqual(Option.some({ writer: updates.indexOf(true) }))
    }))

  it.scoped("stores instants as timestamptz and compares text bytewise, whatever the database's locale", () =>
    Effect.gen(function*() {
      const { url, schema } = yield* freshSchema
      yield* PgStores.migrate({ url })
      const columns = yield* Effect.flatMap(
        SqlClient.SqlClient,
        (sql) =>
          sql<{ column_name: string; data_type: string; collation_name: string | null }>`
          SELECT column_name, data_type, collation_name FROM information_schema.columns
          WHERE table_schema = ${schema} AND table_name = 'requests' AND column_name IN ('id', 'status', 'user_right_id', 'created_at', 'metadata')
          ORDER BY column_name`
      ).pipe(Effect.provide(PgDatabase.layer({ url })))
      expect(columns).toEqual([
        { column_name: "created_at", data_type: "timestamp with time zone", collation_name: null },
        { column_name: "id", data_type: "text", collation_name: "C" },
        { column_name: "metadata", data_type: "json", collation_name: null },
        { column_name: "status", data_type: "text", collation_name: "C" },
        { column_name: "user_right_id", data_type: "text", collation_name: "C" }
      ])
    }))
})
