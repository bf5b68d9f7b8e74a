import { OrganizationId, recipientKey, Request, RequestId, withoutApprovalUrl } from "@dsar/domain"
import {
  type ConditionEncoded,
  indexedOrderOf,
  NullableFields,
  orderKeys,
  QueryLimits,
  RequestQuery,
  RequestsStore
} from "@dsar/http"
import { SqlClient, SqlSchema } from "@effect/sql"
import type { Fragment } from "@effect/sql/Statement"
import { Effect, Layer, Option, Schema } from "effect"
import { fewest, type IndexPin, narrowest, onCountedOnly, type Pin, readingsOf, unionCounts } from "./FilterIndexes.js"
import { requestJsonOf, RequestKeyRow, RequestRow, ValidationColumns } from "./rows/RequestRow.js"

/** The columns of what telling duplicates apart needs (`DuplicateCandidate`). */
const Candidate = Request.pick("id", "organization_user_id", "user_right_id", "status", "created_at")
const CandidateColumns = Object.keys(Candidate.fields).join(", ")

const Key = Schema.Struct({ organization_id: OrganizationId, id: RequestId })

/** What a listing's total counts instead of every request of the organisation: a union's reads, or the requests among them. */
type CountedOver =
  | { readonly _tag: "Matches"; readonly reads: Fragment }
  | { readonly _tag: "Among"; readonly rows: Fragment }
  | undefined

/**
 * A listing's `ORDER BY`: its `orderKeys`, absent values first ascending and last descending on
 * both databases (PostgreSQL's default is the reverse). The fields are the port's own names.
 */
export const orderClause = (sort: RequestQuery["sort"]) =>
  orderKeys(sort).map(({ direction, field }) =>
    `${field} ${direction === 1 ? "ASC" : "DESC"}${
      NullableFields.includes(field) ? (direction === 1 ? " NULLS FIRST" : " NULLS LAST") : ""
    }`
  ).join(", ")

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const compared = { eq: "=", ne: "<>", lt: "<", lte: "<=", gt: ">", gte: ">=" } as const
  // The port's semantics: an absent value equals none and differs from every one, so a negation of
  // a nullable column keeps its nulls (SQL's comparisons would drop them).
  const condition = (c: ConditionEncoded): Fragment => {
    switch (c._tag) {
      case "And":
        return c.conditions.length === 0 ? sql`1 = 1` : sql.and(c.conditions.map(condition))
      case "Or":
        return c.conditions.length === 0 ? sql`1 = 0` : sql.or(c.conditions.map(condition))
      // The column holds the recipient lower-cased (`RequestRow`), indexed after the organisation (0022).
      case "Recipient":
        return sql`recipient = ${recipientKey(c.address)}`
      case "Null":
        return c.negated ? sql`${sql(c.field)} IS NOT NULL` : sql`${sql(c.field)} IS NULL`
      case "In": {
        if (!c.negated) return sql.in(c.field, c.values)
        if (c.values.length === 0) return sql`1 = 1`
        const excluded = sql`${sql(c.field)} NOT IN ${sql.in(c.values)}`
        return NullableFields.includes(c.field) ? sql`(${sql(c.field)} IS NULL OR ${excluded})` : excluded
      }
      case "Compare": {
        const compare = sql`${sql(c.field)} ${sql.literal(compared[c.op])} ${c.value}`
        return c.op === "ne" && NullableFields.includes(c.field)
          ? sql`(${sql(c.field)} IS NULL OR ${compare})`
          : compare
      }
    }
  }

  const where = (query: typeof RequestQuery.Encoded) =>
    sql`organization_id = ${query.organization_id} AND ${condition(query.where)}`

  // A cursor's position narrows the page, not the total (the port's semantics).
  const paged = (query: typeof RequestQuery.Encoded) =>
    query.after === undefined ? where(query) : sql`${where(query)} AND ${condition(query.after)}`

  const orderBy = (query: typeof RequestQuery.Encoded) => sql.literal(orderClause(query.sort))

  const insert = SqlSchema.void({
    Request: RequestRow,
    execute: (row) => sql`INSERT INTO requests ${sql.insert(row)}`
  })

  const findById = SqlSchema.findOne({
    Request: Key,
    Result: RequestRow,
    execute: (key) => sql`SELECT * FROM requests WHERE organization_id = ${key.organization_id} AND id = ${key.id}`
  })

  const findJson = (key: typeof Key.Type) =>
    Effect.map(
      sql<
        Readonly<Record<string, unknown>>
      >`SELECT * FROM requests WHERE organization_id = ${key.organization_id} AND id = ${key.id}`,
      (rows) => Option.map(Option.fromNullable(rows[0]), requestJsonOf)
    )

  // Encoding the query turns its instants into the text the columns hold (PostgreSQL casts it).
  const encodeQuery = Schema.encode(RequestQuery)
  const decodeTotal = Schema.decodeUnknown(Schema.Struct({ total: Schema.Int }))
  const decodeRows = Schema.decodeUnknown(Schema.Array(RequestRow))
  const decodeKey = Schema.decodeUnknown(RequestKeyRow)

  // Both databases keep per-organisation counts by status, right and regulation (migrations 0003
  // and 0025, PostgreSQL's in shards): a query whose conditions name those columns alone, however
  // combined, sums a handful of counter rows (the same WHERE fits both tables) instead of counting
  // every match. `over` narrows the requests counted to a union's reads, or is them (`sqliteSource`).
  const countOf = (encoded: typeof RequestQuery.Encoded, over: CountedOver) =>
    onCountedOnly(encoded.where)
      ? sql`SELECT CAST(coalesce(sum(n), 0) AS INTEGER) AS total FROM request_counts WHERE ${where(encoded)}`
      : over === undefined
      ? sql`SELECT CAST(count(*) AS INTEGER) AS total FROM requests WHERE ${where(encoded)}`
      : over._tag === "Matches"
      ? sql`SELECT CAST(count(*) AS INTEGER) AS total FROM (${over.reads})`
      : sql`SELECT CAST(count(*) AS INTEGER) AS total FROM requests NOT INDEXED WHERE ${over.rows} AND ${
        where(encoded)
      }`

  // SQLite keeps no statistics (no ANALYZE), so it reads a page in an indexed order from that
  // order's index however few requests an equality matches (for a user's handful, the whole
  // organisation), and from a range's index however many the range holds, then sorts them all
  // (`source_id[$gt]=src_` took seconds at 100,000 stored); an `$or` it reads along the order's
  // index, and counts, by walking the whole organisation. Where an equality's, a list's, an
  // absence's, a range's or every branch of an `$or`'s own index could answer, its matches are
  // counted first (the kept counts, or those indexes up to a bound) and the page read from the
  // index that walks fewer rows (`narrowest`), else from the one that gives its order.
  // PostgreSQL's statistics make that choice itself.
  const readOf = (organization_id: string, pin: IndexPin) =>
    sql`SELECT rowid FROM requests INDEXED BY ${sql.literal(pin.index)}
      WHERE organization_id = ${organization_id} AND ${condition(pin.condition)}`
  // A union's reads hold its matches, and more where a branch's other conditions leave some out;
  // `distinct`, each once.
  const readsOf = (organization_id: string, pin: Pin, distinct = false) =>
    pin._tag === "Index"
      ? readOf(organization_id, pin)
      : sql.join(distinct ? " UNION " : " UNION ALL ", false)(
        pin.branches.map((branch) => readOf(organization_id, branch))
      )
  const storedIn = (organization_id: string) =>
    sql`(SELECT coalesce(sum(n), 0) FROM request_counts WHERE organization_id = ${organization_id})`
  // A union is counted further, up to a quarter of the organisation (`unionCounts`): the index
  // entries read are a small part of what walking the organisation for its total would read.
  const boundOf = (organization_id: string, pin: Pin) =>
    pin._tag === "Index"
      ? sql`${QueryLimits.sorted + 1}`
      : sql`max(${QueryLimits.sorted + 1}, ${storedIn(organization_id)} / 4 + 1)`
  const bounded = (organization_id: string, pin: Pin) =>
    sql`(SELECT count(*) FROM (${readsOf(organization_id, pin)} LIMIT ${boundOf(organization_id, pin)}))`
  const kept = (organization_id: string, pin: Pin) =>
    sql`(SELECT coalesce(sum(n), 0) FROM request_counts
      WHERE organization_id = ${organization_id} AND ${condition(pin.condition)})`
  // A union on counted columns is read only when the kept counts say it holds few enough to sort;
  // else it counts as its bound reached.
  const matchesOf = (organization_id: string, pin: Pin) =>
    !onCountedOnly(pin.condition)
      ? bounded(organization_id, pin)
      : pin._tag === "Index"
      ? kept(organization_id, pin)
      : sql`CASE WHEN ${kept(organization_id, pin)} > ${QueryLimits.sorted}
        THEN ${boundOf(organization_id, pin)} ELSE ${bounded(organization_id, pin)} END`
  const decodeMatches = Schema.decodeUnknown(
    Schema.Struct({ stored: Schema.Int }, Schema.Record({ key: Schema.String, value: Schema.Int }))
  )
  const within = (organization_id: string, pin: Pin | undefined) =>
    pin === undefined ? undefined : sql`rowid IN (${readsOf(organization_id, pin)})`
  // An exact union's reads, each once, are counted on its indexes alone; another's looked up.
  const countedOver = (
    organization_id: string,
    counted: { readonly pin: Pin; readonly matches: number } | undefined,
    stored: number
  ): CountedOver =>
    counted === undefined || counted.pin._tag !== "Union" || !unionCounts(counted.matches, stored)
      ? undefined
      : counted.pin.exact
      ? { _tag: "Matches", reads: readsOf(organization_id, counted.pin, true) }
      : { _tag: "Among", rows: within(organization_id, counted.pin)! }
  // The table to read the page from and the requests to keep of it, and those the total counts
  // (`counted`): a union's, where it holds few enough, as the walk would read every row of the
  // organisation to test its `$or`.
  const sqliteSource = (query: RequestQuery, encoded: typeof RequestQuery.Encoded) =>
    Effect.gen(function*() {
      const { ordered, pins } = readingsOf(encoded.where, indexedOrderOf(query))
      // A total alone needs the counts for a union's sake only.
      if (pins.length === 0 || (encoded.limit === 0 && !pins.some((pin) => pin._tag === "Union"))) {
        return { from: sql`requests`, within: undefined, counted: undefined }
      }
      const rows = yield* sql`
        SELECT ${storedIn(encoded.organization_id)} AS stored,
        ${sql.csv(pins.map((pin, i) => sql`${matchesOf(encoded.organization_id, pin)} AS ${sql(`pin${i}`)}`))}`
      const counts = yield* decodeMatches(rows[0])
      const matches = pins.map((pin, i) => ({ pin, matches: counts[`pin${i}`]! }))
      // No pin narrow enough: the order's index, which the planner would pass over for a range's
      // and then sort every match of the range.
      const read = narrowest(matches, { stored: counts.stored, limit: encoded.limit, skip: encoded.skip })?.pin
      const index = read?._tag === "Index" ? read.index : read === undefined ? ordered : undefined
      // A union when it is the narrowest pin: the planner counts through a narrower one's index itself.
      const narrowestPin = fewest(matches)
      return {
        from: read?._tag === "Union"
          ? sql`requests NOT INDEXED`
          : index === undefined
          ? sql`requests`
          : sql`requests INDEXED BY ${sql.literal(index)}`,
        within: within(encoded.organization_id, read?._tag === "Union" ? read : undefined),
        counted: countedOver(encoded.organization_id, narrowestPin, counts.stored)
      }
    })
  const source = (query: RequestQuery, encoded: typeof RequestQuery.Encoded) =>
    sql.onDialectOrElse({
      sqlite: () => sqliteSource(query, encoded),
      orElse: () => Effect.succeed({ from: sql`requests`, within: undefined, counted: undefined })
    })

  // The page and its total in one statement, so they count the same rows (one snapshot) on any
  // database, inside a transaction or not: the total is a subquery beside each row, and the page
  // comes in its order with no sort of its own (joining the count to the page, to keep the total of
  // an empty page, made SQLite sort the page's rows again, about as long as reading them). An empty
  // page has no row to carry the total: it is counted alone, just after.
  const pageRows = (query: RequestQuery) =>
    Effect.gen(function*() {
      const encoded = yield* encodeQuery(query)
      const { counted, from, within } = yield* source(query, encoded)
      const counting = countOf(encoded, counted)
      if (encoded.limit === 0) return { rows: [], total: (yield* decodeTotal((yield* counting)[0])).total }
      const rows = yield* sql<Readonly<Record<string, unknown>>>`
        SELECT *, (${counting}) AS total FROM ${from}
        WHERE ${within === undefined ? paged(encoded) : sql`${within} AND ${paged(encoded)}`}
        ORDER BY ${orderBy(encoded)} LIMIT ${encoded.limit} OFFSET ${encoded.skip}`
      const { total } = yield* decodeTotal(rows.length > 0 ? rows[0] : (yield* counting)[0])
      return { rows, total }
    })

  const page = (query: RequestQuery) =>
    Effect.flatMap(
      pageRows(query),
      ({ rows, total }) => Effect.map(decodeRows(rows), (items) => ({ items: items.map((row) => row.value), total }))
    )

  const pageJson = (query: RequestQuery) =>
    Effect.gen(function*() {
      const { rows, total } = yield* pageRows(query)
      // Only the last row's scalar columns are decoded: its sort key makes the next page's cursor.
      const last = rows.length === 0 ? undefined : yield* decodeKey(rows[rows.length - 1])
      return { json: `[${rows.map(requestJsonOf).join(",")}]`, total, size: rows.length, last }
    })

  const decodeCandidates = Schema.decodeUnknown(Schema.Array(Candidate))
  const firstCandidate = (query: Omit<RequestQuery, "limit" | "skip">) =>
    Effect.gen(function*() {
      const encoded = yield* encodeQuery({ ...query, limit: 1, skip: 0 })
      const rows = yield* sql`
        SELECT ${sql.literal(CandidateColumns)} FROM requests
        WHERE ${paged(encoded)} ORDER BY ${orderBy(encoded)} LIMIT 1`
      return Option.fromNullable((yield* decodeCandidates(rows))[0])
    })

  const update = SqlSchema.findAll({
    Request: RequestRow,
    Result: Schema.Struct({ id: RequestId }),
    execute: (row) =>
      sql`
      UPDATE requests SET ${sql.update(row, ["organization_id", "id", "version"])}, version = version + 1
      WHERE organization_id = ${row.organization_id} AND id = ${row.id} AND version = ${row.version}
      RETURNING id`
  })

  const decodeValidation = Schema.decodeUnknown(ValidationColumns)
  const encodeValidation = Schema.encode(ValidationColumns)
  // The one column read and written, not the row: the full update would encode every column and
  // rewrite every index and the kept counts for an email's delivery.
  const forgetApprovalUrl = (organization_id: OrganizationId, id: RequestId, url: string) =>
    Effect.gen(function*() {
      const rows = yield* sql`
        SELECT validation, version FROM requests WHERE organization_id = ${organization_id} AND id = ${id}`
      if (rows.length === 0) return true
      const stored = yield* decodeValidation(rows[0])
      if (stored.validation?.approve_url !== url) return true
      const next = yield* encodeValidation({ ...stored, validation: withoutApprovalUrl(stored.validation) })
      const changed = yield* sql`
        UPDATE requests SET validation = ${next.validation}, version = version + 1
        WHERE organization_id = ${organization_id} AND id = ${id} AND version = ${stored.version}
        RETURNING id`
      return changed.length === 1
    })

  return RequestsStore.of({
    insert: (request) => Effect.orDie(insert({ value: request, version: 1 })),
    findById: (organization_id, id) => Effect.orDie(findById({ organization_id, id })),
    findJson: (organization_id, id) => Effect.orDie(findJson({ organization_id, id })),
    list: (query) => Effect.orDie(page(query)),
    listJson: (query) => Effect.orDie(pageJson(query)),
    firstCandidate: (query) => Effect.orDie(firstCandidate(query)),
    update: (next, expectedVersion) =>
      Effect.orDie(Effect.map(update({ value: next, version: expectedVersion }), (changed) => changed.length === 1)),
    forgetApprovalUrl: (organization_id, id, url) => Effect.orDie(forgetApprovalUrl(organization_id, id, url))
  })
})

export const layer = Layer.effect(RequestsStore, make)
