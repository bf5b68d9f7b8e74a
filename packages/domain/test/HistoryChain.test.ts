import { test } from "@fast-check/vitest"
import fc from "fast-check"
import { createHash } from "node:crypto"
import { describe, expect } from "vitest"
import {
  chainEntry,
  type ChainHead,
  type Digest,
  EmptyChain,
  erasedChange,
  headOf,
  type HistoryEntry,
  HistoryEntryId,
  type HistoryRecord,
  OrganizationId,
  RequestId,
  Statuses,
  verifyChain
} from "../src/index.js"
import { instant, metadata } from "../src/spec/Arbitraries.js"

const sha256: Digest = (text) => createHash("sha256").update(text, "utf8").digest("hex")
const org = OrganizationId.make("org_a")

const status = fc.constantFrom(...Statuses)
const change = fc.oneof(
  fc.tuple(status, status).map(([from, to]) => ({ field: "status" as const, from, to })),
  fc.tuple(metadata, metadata).map(([from, to]) => ({ field: "metadata" as const, from, to })),
  fc.tuple(metadata, metadata).map(([from, to]) => ({ field: "extra_message_variables" as const, from, to }))
)
const entry = (index: number) =>
  fc.record({
    request_id: fc.constantFrom("req_1", "req_2", "req_3").map(RequestId.make),
    at: instant,
    actor: fc.oneof(
      fc.constant({ type: "api_key" as const, id: "key_1" }),
      fc.constant({ type: "system" as const, id: "retention" })
    ),
    action: fc.constantFrom<HistoryEntry["action"]>(
      "request.create",
      "request.update",
      "request.erase",
      "email.failed"
    ),
    from_status: fc.option(status, { nil: null }),
    to_status: status,
    changes: fc.array(change, { maxLength: 3 })
  }).map((fields): HistoryEntry => ({ ...fields, id: HistoryEntryId.make(`hst_${index}`), organization_id: org }))

const entries = fc.integer({ min: 1, max: 12 }).chain((length) =>
  fc.tuple(...Array.from({ length }, (_, index) => entry(index)))
)

/** The records and head a store writes by appending `list` in order. */
const append = (list: ReadonlyArray<HistoryEntry>) => {
  const records: Array<HistoryRecord> = []
  let head: ChainHead = EmptyChain
  for (const each of list) {
    const record = chainEntry(each, head, sha256)
    records.push(record)
    head = headOf(record)
  }
  return { records, head }
}

const chainAndIndex = entries.chain((list) =>
  fc.tuple(fc.constant(append(list)), fc.integer({ min: 0, max: list.length - 1 }))
)

/** Every way an edit of one stored field shows, without the hash being recomputed. */
const alteration = fc.constantFrom<ReadonlyArray<(record: HistoryRecord) => HistoryRecord>>([
  (r) => ({ ...r, at: new Date(r.at.getTime() + 1) }),
  (r) => ({ ...r, actor: { type: "api_key", id: `${r.actor.id}x` } }),
  (r) => ({ ...r, action: r.action === "request.update" ? "request.create" : "request.update" }),
  (r) => ({ ...r, to_status: r.to_status === "archived" ? "refused" : "archived" }),
  (r) => ({ ...r, from_status: r.from_status === null ? "verified" : null }),
  (r) => ({ ...r, request_id: RequestId.make(`${r.request_id}x`) }),
  (r) => ({ ...r, id: HistoryEntryId.make(`${r.id}x`) }),
  (r) => ({ ...r, changes: [...r.changes, { field: "status", from: "verified", to: "refused" }] }),
  (r) => ({ ...r, previous_hash: sha256(r.previous_hash) }),
  (r) => ({ ...r, hash: sha256(r.hash) })
]).chain((edits) => fc.constantFrom(...edits))

describe("the tamper-evident history (issue 16 item 6)", () => {
  test.prop([entries])("a chain appended entry after entry verifies intact, ending at its head", (list) => {
    const { head, records } = append(list)
    expect(verifyChain(org, records, head, sha256)).toEqual({
      organization_id: org,
      intact: true,
      verified_entries: list.length,
      head,
      first_break: null
    })
    expect(records.map((r) => r.position)).toEqual(list.map((_, i) => i + 1))
  })

  test.prop([chainAndIndex, alteration])(
    "altering any stored field of any entry is detected at exactly that entry",
    ([{ head, records }, index], alter) => {
      const tampered = records.map((r, i) => (i === index ? alter(r) : r))
      const verdict = verifyChain(org, tampered, head, sha256)
      expect(verdict.first_break).toMatchObject({ position: index + 1, reason: "altered" })
      expect(verdict.verified_entries).toBe(index)
    }
  )

  test.prop([chainAndIndex])(
    "removing any entry is detected at exactly its position: missing in the middle, truncated at the end",
    ([{ head, records }, index]) => {
      const verdict = verifyChain(org, records.filter((_, i) => i !== index), head, sha256)
      expect(verdict.first_break).toMatchObject({
        position: index + 1,
        reason: index === records.length - 1 ? "truncated" : "missing"
      })
    }
  )

  test.prop([
    entries.filter((list) => list.length >= 2).chain((list) =>
      fc.tuple(
        fc.constant(append(list)),
        fc.integer({ min: 0, max: list.length - 2 }).chain((i) =>
          fc.tuple(fc.constant(i), fc.integer({ min: i + 1, max: list.length - 1 }))
        )
      )
    )
  ])(
    "moving any entry to another place is detected at the first position that changed",
    ([{ head, records }, [i, j]]) => {
      const moved = [...records]
      const [taken] = moved.splice(j, 1)
      moved.splice(i, 0, taken!)
      const swapped = records.map((r, k) => (k === i ? records[j]! : k === j ? records[i]! : r))
      for (const reordered of [moved, swapped]) {
        expect(verifyChain(org, reordered, head, sha256).first_break?.position).toBe(i + 1)
      }
    }
  )

  test.prop([entries, fc.boolean()])(
    "an edit that recomputes every hash after it still shows against the organisation's recorded head",
    (list, dropLast) => {
      const { head, records } = append(list)
      const rewritten = append(
        dropLast ? list.slice(0, -1) : list.map((e, i) => (i === 0 ? { ...e, at: new Date(e.at.getTime() + 1) } : e))
      )
      expect(verifyChain(org, rewritten.records, head, sha256).intact).toBe(false)
      expect(verifyChain(org, records, null, sha256).first_break?.reason).toBe("head_mismatch")
    }
  )

  test.prop([entries])("a lawful erasure, which empties the changed values, leaves every hash as it was", (list) => {
    const { head, records } = append(list)
    const erased = records.map((r) => ({ ...r, changes: r.changes.map(erasedChange) }))
    expect(erased.map((r) => r.hash)).toEqual(
      append(list.map((e) => ({ ...e, changes: e.changes.map(erasedChange) })))
        .records.map((r) => r.hash)
    )
    expect(verifyChain(org, erased, head, sha256).intact).toBe(true)
  })

  test.prop([entries])("no entry, no head: an organisation without history is intact", (list) => {
    expect(verifyChain(org, [], null, sha256).intact).toBe(true)
    expect(verifyChain(org, [], EmptyChain, sha256).intact).toBe(true)
    expect(verifyChain(org, [], append(list).head, sha256).first_break).toMatchObject({
      position: 1,
      reason: "truncated"
    })
  })
})
