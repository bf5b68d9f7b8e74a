import { type ChainBreak, chainHash, HistoryEntryId, type HistoryRecord } from "@dsar/domain"
import { HistoryStore, OrganizationsStore, RequestsStore, type StorePorts, verifyHistory } from "@dsar/http"
import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import { sha256 } from "../../src/crypto/HistoryDigest.js"
import { apiKey, day, historyEntry, orgA, organization, request } from "./Fixtures.js"

const COLUMNS = "id, organization_id, request_id, at, actor, action, from_status, to_status, changes, position, "
  + "previous_hash, hash"

/**
 * What `verifyHistory` finds once someone with access to the database edits the history table
 * behind the stores' back: the first entry altered, removed or moved, and where.
 */
export const historyTampering = <E>(name: string, layer: Layer.Layer<StorePorts | SqlClient.SqlClient, E>) =>
  describe(`${name}: the history chain against edits made in the database`, () => {
    /** Entries hst_1 to hst_5 of organisation A, in that order. */
    const seeded = (
      edit: (sql: SqlClient.SqlClient, records: ReadonlyArray<HistoryRecord>) => Effect.Effect<unknown, unknown>
    ) =>
      Effect.gen(function*() {
        yield* (yield* OrganizationsStore).insert(organization(orgA), apiKey(orgA))
        const stored = request({ id: "req_1" })
        yield* (yield* RequestsStore).insert(stored)
        for (let i = 1; i <= 5; i++) yield* (yield* HistoryStore).append(historyEntry(stored, `hst_${i}`, day(i)))
        expect((yield* verifyHistory(orgA)).intact).toBe(true)
        yield* Effect.orDie(edit(yield* SqlClient.SqlClient, yield* (yield* HistoryStore).chain(orgA, 0, 10)))
        return (yield* verifyHistory(orgA)).first_break
      }).pipe(Effect.provide(layer), Effect.orDie)

    const found = (position: number, reason: ChainBreak["reason"], entry?: string) => ({
      position,
      reason,
      entry_id: entry === undefined ? null : HistoryEntryId.make(entry)
    })

    it.effect("a status rewritten in place is found at that entry", () =>
      Effect.map(
        seeded((sql) => sql`UPDATE history SET to_status = 'fulfilled' WHERE id = 'hst_3'`),
        (broken) => expect(broken).toMatchObject(found(3, "altered", "hst_3"))
      ))

    it.effect("an actor or a date rewritten in place is found at that entry", () =>
      Effect.map(
        seeded((sql) =>
          Effect.zipRight(
            sql`UPDATE history SET actor = ${JSON.stringify({ type: "system", id: "nobody" })} WHERE id = 'hst_4'`,
            sql`UPDATE history SET at = ${day(9).toISOString()} WHERE id = 'hst_2'`
          )
        ),
        (broken) => expect(broken).toMatchObject(found(2, "altered", "hst_2"))
      ))

    it.effect("a hash rewritten in place is found at that entry", () =>
      Effect.map(
        seeded((sql) => sql`UPDATE history SET hash = previous_hash WHERE id = 'hst_2'`),
        (broken) => expect(broken).toMatchObject(found(2, "altered", "hst_2"))
      ))

    it.effect("an entry edited and given its recomputed hash is found where the next entry no longer links to it", () =>
      Effect.map(
        seeded((sql, records) => {
          const edited = { ...records[1]!, to_status: "refused" as const }
          return sql`UPDATE history SET to_status = 'refused', hash = ${chainHash(edited, sha256)} WHERE id = 'hst_2'`
        }),
        (broken) => expect(broken).toMatchObject(found(3, "altered", "hst_3"))
      ))

    it.effect("an entry deleted from the middle is found missing at its position", () =>
      Effect.map(
        seeded((sql) => sql`DELETE FROM history WHERE id = 'hst_2'`),
        (broken) => expect(broken).toMatchObject(found(2, "missing"))
      ))

    it.effect("the last entry deleted is found missing from the end", () =>
      Effect.map(
        seeded((sql) => sql`DELETE FROM history WHERE id = 'hst_5'`),
        (broken) => expect(broken).toMatchObject(found(5, "truncated"))
      ))

    it.effect("an entry moved to the end of the history is found missing from its place", () =>
      Effect.map(
        seeded((sql) =>
          Effect.all([
            sql`CREATE TEMPORARY TABLE moved AS SELECT ${sql.literal(COLUMNS)} FROM history WHERE id = 'hst_2'`,
            sql`DELETE FROM history WHERE id = 'hst_2'`,
            sql`INSERT INTO history (${sql.literal(COLUMNS)}) SELECT ${sql.literal(COLUMNS)} FROM moved`,
            sql`DROP TABLE moved`
          ], { discard: true })
        ),
        (broken) => expect(broken).toMatchObject(found(2, "missing"))
      ))

    it.effect("positions swapped between two entries are found at the first of them", () =>
      Effect.map(
        seeded((sql) =>
          Effect.all([
            sql`UPDATE history SET position = 100 WHERE id = 'hst_3'`,
            sql`UPDATE history SET position = 3 WHERE id = 'hst_4'`,
            sql`UPDATE history SET position = 4 WHERE id = 'hst_3'`
          ], { discard: true })
        ),
        (broken) => expect(broken).toMatchObject(found(3, "missing"))
      ))

    it.effect("a head moved back is found as not the last entry", () =>
      Effect.map(
        seeded((sql) => sql`UPDATE history_heads SET position = 4`),
        (broken) => expect(broken).toMatchObject(found(4, "head_mismatch"))
      ))
  })
