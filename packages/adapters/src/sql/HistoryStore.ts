import { chainEntry, ChainHead, GenesisHash, type HistoryEntry, OrganizationId, RequestId } from "@dsar/domain"
import { HistoryDigest, HistoryStore } from "@dsar/http"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Layer, Option, Schema } from "effect"
import { HistoryRow } from "./rows/HistoryRow.js"

const ChainPage = Schema.Struct({ organization_id: OrganizationId, skip: Schema.Int, limit: Schema.Int })

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const { digest } = yield* HistoryDigest

  const insert = SqlSchema.void({
    Request: HistoryRow,
    execute: (row) => sql`INSERT INTO history ${sql.insert(row)}`
  })

  const head = SqlSchema.findOne({
    Request: OrganizationId,
    Result: ChainHead,
    execute: (organization_id) =>
      sql`SELECT position, hash FROM history_heads WHERE organization_id = ${organization_id}`
  })

  // The head is taken as it is read, in one statement: an upsert that changes nothing when the row
  // is there still locks it (on PostgreSQL until the transaction ends, so a second append of the
  // organisation waits and then reads the head the first one moved; on SQLite, as a write, it takes
  // the database's only write lock), and answers the row as it stands. The organisation's first
  // append makes the row (a concurrent first append waits on the key, then finds it).
  const lockedHead = SqlSchema.single({
    Request: OrganizationId,
    Result: ChainHead,
    execute: (organization_id) =>
      sql`
        INSERT INTO history_heads (organization_id, position, hash) VALUES (${organization_id}, 0, ${GenesisHash})
        ON CONFLICT (organization_id) DO UPDATE SET position = history_heads.position
        RETURNING position, hash`
  })

  // A transaction of its own only when none is open: inside one (a create's, a change's), a
  // savepoint would add two statements for nothing, since a failed append fails that transaction.
  const atomically = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.flatMap(
      Effect.serviceOption(SqlClient.TransactionConnection),
      (open) => Option.isSome(open) ? effect : sql.withTransaction(effect)
    )

  const append = (entry: HistoryEntry) =>
    atomically(
      Effect.gen(function*() {
        const record = chainEntry(entry, yield* lockedHead(entry.organization_id), digest)
        yield* insert(record)
        yield* sql`
          UPDATE history_heads SET position = ${record.position}, hash = ${record.hash}
          WHERE organization_id = ${record.organization_id}`
        return record
      })
    )

  // Append order (`seq`), not `at`: the log must read as it was written even if the clock stepped back.
  const listByRequest = SqlSchema.findAll({
    Request: Schema.Struct({ organization_id: OrganizationId, request_id: RequestId }),
    Result: HistoryRow,
    execute: (key) =>
      sql`
      SELECT * FROM history WHERE organization_id = ${key.organization_id} AND request_id = ${key.request_id}
      ORDER BY seq`
  })

  // The order the history is read in (`seq`), not `position`: verification must see an entry
  // moved within that order, whatever position it claims.
  const chain = SqlSchema.findAll({
    Request: ChainPage,
    Result: HistoryRow,
    execute: (page) =>
      sql`
      SELECT * FROM history WHERE organization_id = ${page.organization_id}
      ORDER BY seq LIMIT ${page.limit} OFFSET ${page.skip}`
  })

  const organizations = SqlSchema.findAll({
    Request: Schema.Void,
    Result: Schema.Struct({ organization_id: OrganizationId }),
    execute: () =>
      sql`
      SELECT organization_id FROM history_heads UNION SELECT organization_id FROM history
      ORDER BY organization_id`
  })

  return HistoryStore.of({
    append: (entry) => Effect.orDie(append(entry)),
    listByRequest: (organization_id, request_id) => Effect.orDie(listByRequest({ organization_id, request_id })),
    chain: (organization_id, skip, limit) => Effect.orDie(chain({ organization_id, skip, limit })),
    head: (organization_id) => Effect.orDie(head(organization_id)),
    organizations: Effect.orDie(
      Effect.map(organizations(undefined), (rows) => rows.map((row) => row.organization_id))
    )
  })
})

export const layer = Layer.effect(HistoryStore, make)
