import { type Condition, OrganizationsStore, QueryLimits, type RequestQuery, RequestsStore } from "@dsar/http"
import { SqlClient, Statement } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { join } from "node:path"
import { migrate, SqlStores } from "../src/index.js"
import { narrowest, unionCounts } from "../src/sql/FilterIndexes.js"
import { SqliteDatabase } from "../src/sqlite.js"
import { apiKey, orgA, organization, request, T0 } from "./conformance/Fixtures.js"
import { tempDirectory } from "./support/TempDirectory.js"

describe("the index a SQLite listing narrowed by an equality is read from (narrowest)", () => {
  const page = { limit: 100, skip: 0 }

  it("is the field's own when it holds a few of many stored requests", () => {
    expect(narrowest([{ index: "requests_user", matches: 9 }], { ...page, stored: 100_000 })?.index).toBe(
      "requests_user"
    )
  })

  it("is the order's when the matches are more than a listing may sort", () => {
    const matches = QueryLimits.sorted + 1
    expect(narrowest([{ index: "requests_status", matches }], { ...page, stored: 1_000_000 })?.index).toBeUndefined()
  })

  it("is the order's when walking it finds the page in fewer rows than the matches", () => {
    // About 100 * 60,000 / 5,000 = 1,200 rows walked for 5,000 read and sorted.
    expect(narrowest([{ index: "requests_status", matches: 5_000 }], { ...page, stored: 60_000 })?.index)
      .toBeUndefined()
    // Skipping 9,900 first makes that walk 120,000 rows.
    expect(
      narrowest([{ index: "requests_status", matches: 5_000 }], { limit: 100, skip: 9_900, stored: 60_000 })?.index
    )
      .toBe("requests_status")
  })

  it("is the one of several with the fewest matches", () => {
    const counted = [{ index: "requests_status", matches: 40 }, { index: "requests_user", matches: 3 }]
    expect(narrowest(counted, { ...page, stored: 100_000 })?.index).toBe("requests_user")
  })
})

describe("the total of a SQLite listing's $or (unionCounts)", () => {
  it("is counted over its branches' reads while they are few enough to sort, or at most a quarter of the organisation", () => {
    expect(unionCounts(QueryLimits.sorted, 20_000)).toBe(true)
    expect(unionCounts(QueryLimits.sorted + 1, 20_000)).toBe(false)
    expect(unionCounts(25_000, 100_000)).toBe(true)
    expect(unionCounts(25_001, 100_000)).toBe(false)
  })
})

const stored = 1_000
const few = 3

// Of the organisation's requests, `few` are Ann's, refused, and duplicates of the first; the rest are
// Bob's and verified.
const seeded = Effect.gen(function*() {
  yield* (yield* OrganizationsStore).insert(organization(orgA), apiKey(orgA))
  const requests = yield* RequestsStore
  const sql = yield* SqlClient.SqlClient
  yield* sql.withTransaction(
    Effect.forEach(Array.from({ length: stored }, (_, i) => i), (i) =>
      requests.insert(request({
        id: `req_${String(i).padStart(4, "0")}`,
        created_at: minute(i),
        ...(i > 0 && i <= few
          ? { organization_user_id: "ann", status: "refused", duplicate_of: "req_0000" }
          : { organization_user_id: "bob", status: "verified" })
      })), { discard: true })
  )
})

/** The indexes SQLite reads `requests` through for each page statement the listing runs. */
const indexesRead = (query: Pick<RequestQuery, "where" | "sort">) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const statements: Array<readonly [string, ReadonlyArray<unknown>]> = []
    const listing = yield* (yield* RequestsStore).listJson({ organization_id: orgA, ...query, limit: 100, skip: 0 })
      .pipe(Statement.withTransformer((statement) =>
        Effect.sync(() => {
          statements.push(statement.compile())
          return statement
        })
      ))
    const pages = statements.filter(([text]) => text.trimStart().startsWith("SELECT *,"))
    expect(pages).toHaveLength(1)
    const [text, params] = pages[0]!
    const plan = yield* sql.unsafe<{ readonly id: number; readonly parent: number; readonly detail: string }>(
      `EXPLAIN QUERY PLAN ${text}`,
      params
    )
    // The plan's top level, but for the total's subquery, is how the page itself is read.
    return {
      size: listing.size,
      total: listing.total,
      // The rest: the total's count and the subqueries the page's read takes its rowids from.
      beside: plan.filter((row) => row.parent !== 0 || row.detail.includes("SUBQUERY")).map((row) => row.detail).join(
        "\n"
      ),
      read: plan.filter((row) => row.parent === 0 && !row.detail.includes("SUBQUERY")).map((row) => row.detail).join(
        "\n"
      )
    }
  })

const database = Layer.unwrapScoped(
  Effect.map(tempDirectory, (directory) =>
    SqlStores.layer.pipe(
      Layer.provideMerge(
        Layer.effectDiscard(migrate).pipe(
          Layer.provideMerge(SqliteDatabase.layer({ filename: join(directory, "dsar.sqlite") }))
        )
      )
    ))
)

const eq = (field: "organization_user_id" | "status" | "duplicate_of", value: string): Condition => ({
  _tag: "Compare",
  field,
  op: "eq",
  value
})

const any = (...conditions: ReadonlyArray<Condition>): Condition => ({ _tag: "Or", conditions })
const all = (...conditions: ReadonlyArray<Condition>): Condition => ({ _tag: "And", conditions })

const minute = (i: number) => new Date(T0.getTime() + i * 60_000)
const within = (field: "id" | "source_id" | "created_at" | "updated_at", from: string | Date, to: string | Date) =>
  ({
    _tag: "And",
    conditions: [
      { _tag: "Compare", field, op: "gte", value: from },
      { _tag: "Compare", field, op: "lte", value: to }
    ]
  }) satisfies Condition
const between = (field: "created_at" | "updated_at", from: number, to: number) =>
  within(field, minute(from), minute(to))

const newestFirst = [{ field: "created_at", direction: -1 }] as const

describe("SQLite listings narrowed by an equality, a list, a range or an $or", () => {
  it.scoped(
    "a page whose equality, $in list, range or absence matches a few of many stored requests is read from that field's index, not walked along its order's",
    () =>
      Effect.gen(function*() {
        yield* seeded
        const byUpdate = [{ field: "updated_at", direction: 1 }] as const
        const cases = [
          [{ where: eq("organization_user_id", "ann"), sort: byUpdate }, "requests_user"],
          [{ where: eq("status", "refused"), sort: byUpdate }, "requests_status"],
          [{
            where: { _tag: "In", field: "organization_user_id", values: ["ann", "cy"], negated: false },
            sort: byUpdate
          }, "requests_user"],
          [{ where: eq("duplicate_of", "req_0000"), sort: [] }, "requests_duplicate_of"],
          [{ where: { _tag: "Recipient", address: "ANN@example.org" }, sort: byUpdate }, "requests_recipient"],
          // Newest first, the API's default order, walks `requests_created` from the newest: the oldest few are at its end.
          [{ where: between("updated_at", 1, few), sort: newestFirst }, "requests_updated"],
          [
            { where: between("created_at", 1, few), sort: [{ field: "updated_at", direction: -1 }] },
            "requests_created"
          ],
          [{ where: within("source_id", "src_req_0001", "src_req_0003"), sort: newestFirst }, "requests_source"],
          [{ where: within("id", "req_0001", "req_0003"), sort: newestFirst }, "sqlite_autoindex_requests_2"],
          [
            { where: { _tag: "Null", field: "duplicate_of", negated: true }, sort: newestFirst },
            "requests_duplicate_of"
          ]
        ] as const
        for (const [query, index] of cases) {
          const { read, size } = yield* indexesRead(query)
          expect(size).toBe(few)
          expect(read).toMatch(new RegExp(`USING (COVERING )?INDEX ${index} `))
        }
      }).pipe(Effect.provide(database)),
    60_000
  )

  it.scoped(
    "a page whose $or matches a few of many stored requests, and its total, are read by rowid from its branches' indexes, not by walking the organisation",
    () =>
      Effect.gen(function*() {
        yield* seeded
        const cases = [
          any(eq("organization_user_id", "ann"), within("source_id", "src_req_0997", "src_req_0996")),
          // The same three through both branches, counted once.
          any(eq("organization_user_id", "ann"), eq("duplicate_of", "req_0000")),
          // An $or within a branch gives its branches to the union.
          any(eq("organization_user_id", "cy"), any(eq("duplicate_of", "req_0000"), eq("organization_user_id", "dee"))),
          // On counted columns, the kept counts say the branches are few before any is read.
          any(eq("status", "refused"), eq("status", "archived")),
          any(
            { _tag: "Recipient", address: "nobody@example.org" },
            // A branch is read through its condition that looks narrowest: a value of a column not counted.
            all(eq("status", "refused"), eq("duplicate_of", "req_0000"))
          )
        ]
        for (const where of cases) {
          const { beside, read, size, total } = yield* indexesRead({ where, sort: newestFirst })
          expect([size, total]).toEqual([few, few])
          expect(read).toMatch(/USING INTEGER PRIMARY KEY \(rowid=\?\)/)
          // Every index read narrows the organisation by a branch's own condition.
          expect(beside).not.toMatch(/\(organization_id=\?\)/)
        }
      }).pipe(Effect.provide(database)),
    60_000
  )

  it.scoped(
    "a page whose equality, range, absence or $or matches most stored requests walks its order's index (not the range's), with no sort",
    () =>
      Effect.gen(function*() {
        yield* seeded
        const cases = [
          [
            { where: eq("organization_user_id", "bob"), sort: [{ field: "updated_at", direction: 1 }] },
            "requests_updated"
          ],
          [{ where: between("updated_at", 0, stored), sort: newestFirst }, "requests_created"],
          [{ where: within("source_id", "src_", "src_z"), sort: newestFirst }, "requests_created"],
          [{ where: within("id", "req_", "req_z"), sort: [{ field: "updated_at", direction: 1 }] }, "requests_updated"],
          [{ where: { _tag: "Null", field: "duplicate_of", negated: false }, sort: newestFirst }, "requests_created"],
          [
            { where: any(eq("organization_user_id", "bob"), eq("status", "refused")), sort: newestFirst },
            "requests_created"
          ]
        ] as const
        for (const [query, index] of cases) {
          const { read, size } = yield* indexesRead(query)
          expect(size).toBe(100)
          expect(read).toMatch(new RegExp(`USING INDEX ${index} `))
          expect(read).not.toMatch(/TEMP B-TREE/)
        }
      }).pipe(Effect.provide(database)),
    60_000
  )

  it.scoped(
    "the total of an $or reading as many requests as a listing may sort, or a quarter of the organisation, is counted on its branches' indexes: each read once when they are its matches, else by rowid",
    () =>
      Effect.gen(function*() {
        yield* seeded
        const byRowid = /USING INTEGER PRIMARY KEY \(rowid=\?\)/
        const refusedBob = all(eq("organization_user_id", "bob"), eq("status", "refused"))
        const cases = [
          // Each branch is its read, and the $or the only condition: the reads, each once, are the matches.
          [
            any(eq("organization_user_id", "bob"), eq("status", "refused")),
            /COVERING INDEX requests_user /,
            100,
            stored
          ],
          // A branch's other condition is tested on each request read: Bob's read, none refused.
          [any({ _tag: "Recipient", address: "nobody@example.org" }, refusedBob), byRowid, 0, 0],
          [
            any(eq("organization_user_id", "bob"), all(eq("status", "refused"), eq("duplicate_of", "req_0000"))),
            byRowid,
            100,
            stored
          ],
          // So is a condition beside the $or.
          [
            all(any(eq("organization_user_id", "ann"), eq("organization_user_id", "bob")), {
              _tag: "Compare",
              field: "status",
              op: "ne",
              value: "verified"
            }),
            byRowid,
            few,
            few
          ]
        ] as const
        for (const [where, counted, size, total] of cases) {
          const listing = yield* indexesRead({ where, sort: newestFirst })
          expect([listing.size, listing.total]).toEqual([size, total])
          expect(listing.beside).toMatch(counted)
          expect(listing.beside).not.toMatch(/\(organization_id=\?\)/)
        }
        // A condition narrower than the union, whether counted as a pin or giving the order: the
        // planner counts through its index, no rowid looked up.
        for (const sort of [[{ field: "updated_at", direction: 1 }], newestFirst] as const) {
          const narrowed = yield* indexesRead({
            where: all(
              eq("organization_user_id", "ann"),
              any({ _tag: "Null", field: "duplicate_of", negated: true }, eq("organization_user_id", "bob"))
            ),
            sort
          })
          expect([narrowed.size, narrowed.total]).toEqual([few, few])
          expect(narrowed.beside).toMatch(/INDEX requests_user \(organization_id=\? AND organization_user_id=\?\)/)
          expect(narrowed.beside).not.toMatch(/rowid/)
        }
      }).pipe(Effect.provide(database)),
    60_000
  )
})
