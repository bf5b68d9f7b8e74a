import { Schema } from "effect"
import { erasedChange } from "./Erasure.js"
import { HistoryEntry } from "./History.js"
import { HistoryEntryId, OrganizationId } from "./Ids.js"

/**
 * A cryptographic hash of a text, as lower-case hex (SHA-256 in the adapters). Passed in, so that
 * the chain's rules stay free of I/O and of any one platform's crypto.
 */
export type Digest = (text: string) => string

/** What the first entry of an organisation's chain links to: no entry. */
export const GenesisHash = "0".repeat(64)

/**
 * The end of an organisation's chain: its last entry's position (1 for the first entry) and
 * hash; position 0 and `GenesisHash` before the first entry.
 */
export const ChainHead = Schema.Struct({
  position: Schema.NonNegativeInt,
  hash: Schema.String
}).annotations({ identifier: "ChainHead", description: "An organisation's last history entry: position and hash." })
export type ChainHead = typeof ChainHead.Type

export const EmptyChain: ChainHead = { position: 0, hash: GenesisHash }

/**
 * A history entry as stored: the entry, its place in its organisation's chain (`position`, from 1,
 * in append order), the hash of the entry before it, and its own hash (`chainHash`).
 */
export const HistoryRecord = Schema.Struct({
  ...HistoryEntry.fields,
  position: Schema.Int.pipe(Schema.positive()),
  previous_hash: Schema.String,
  hash: Schema.String
}).annotations({ identifier: "HistoryRecord" })
export type HistoryRecord = typeof HistoryRecord.Type

// Object keys sorted at every depth, so that the text of a value does not depend on the order a
// store gives its JSON back in (PostgreSQL's `json` keeps the order written, `jsonb` does not).
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner) ?? "null"

/**
 * The text an entry's hash is taken of: a JSON array of every field in a fixed order, its place in
 * the chain and the previous entry's hash, and its changes as erasure leaves them (`erasedChange`:
 * which field changed, and a status's values). What an erasure removes is thus never hashed, and
 * a lawful erasure leaves every hash as it was; everything an erasure keeps is covered.
 */
export const canonicalEntry = (
  entry: HistoryEntry,
  link: { readonly position: number; readonly previous_hash: string }
): string =>
  canonicalJson([
    "dsar.history.v1",
    link.position,
    link.previous_hash,
    entry.id,
    entry.organization_id,
    entry.request_id,
    entry.at.toISOString(),
    entry.actor.type,
    entry.actor.id,
    entry.action,
    entry.from_status,
    entry.to_status,
    entry.changes.map(erasedChange).map((change) => [change.field, change.from ?? null, change.to ?? null])
  ])

/** The hash a record must carry: of its canonical text (which holds the previous entry's hash). */
export const chainHash = (record: HistoryRecord, digest: Digest): string => digest(canonicalEntry(record, record))

/** The entry appended after `head`: the next position, linked to the head's hash. */
export const chainEntry = (entry: HistoryEntry, head: ChainHead, digest: Digest): HistoryRecord => {
  const link = { position: head.position + 1, previous_hash: head.hash }
  return { ...entry, ...link, hash: digest(canonicalEntry(entry, link)) }
}

/** The chain's end once `record` is appended. */
export const headOf = (record: HistoryRecord): ChainHead => ({ position: record.position, hash: record.hash })

export const ChainBreakReason = Schema.Literal("altered", "missing", "out_of_order", "truncated", "head_mismatch")
export type ChainBreakReason = typeof ChainBreakReason.Type

/**
 * Where an organisation's chain first fails to verify: the position that is wrong, the entry found
 * there (none when it is missing), and why:
 * - `altered`: the entry's content no longer matches its hash, or it no longer links to the entry before it;
 * - `missing`: another entry stands in its place (it was removed, or moved later);
 * - `out_of_order`: it comes after entries that follow it (moved earlier, or copied);
 * - `truncated`: entries up to the organisation's recorded head are gone from the end;
 * - `head_mismatch`: the last entry is not the recorded head (the head was edited, or is missing).
 */
export const ChainBreak = Schema.Struct({
  position: Schema.NonNegativeInt,
  entry_id: Schema.NullOr(HistoryEntryId),
  reason: ChainBreakReason,
  message: Schema.String
}).annotations({ identifier: "ChainBreak" })
export type ChainBreak = typeof ChainBreak.Type

/** The outcome of checking one organisation's whole chain. */
export const ChainVerification = Schema.Struct({
  organization_id: OrganizationId,
  intact: Schema.Boolean,
  /** Entries checked and found in place before the first break (all of them when intact). */
  verified_entries: Schema.NonNegativeInt,
  /** The head recorded for the organisation, as the chain's end must be. */
  head: ChainHead,
  first_break: Schema.NullOr(ChainBreak)
}).annotations({ identifier: "ChainVerification" })
export type ChainVerification = typeof ChainVerification.Type

/** A verification under way: the entries read so far, in append order, fold into it. */
export interface ChainCheck {
  readonly last: ChainHead
  readonly verified: number
  readonly broken: ChainBreak | null
}

export const startChainCheck: ChainCheck = { last: EmptyChain, verified: 0, broken: null }

/** The check once `record`, the next entry in append order, is read. After a break nothing changes. */
export const checkNext = (check: ChainCheck, record: HistoryRecord, digest: Digest): ChainCheck => {
  if (check.broken !== null) return check
  const expected = check.last.position + 1
  const broken = (position: number, reason: ChainBreakReason, message: string, entry_id: HistoryEntryId | null) => ({
    ...check,
    broken: { position, entry_id, reason, message }
  })
  if (record.position > expected) {
    return broken(
      expected,
      "missing",
      `entry #${expected} is missing: #${record.position} (${record.id}) stands in its place`,
      null
    )
  }
  if (record.position < expected) {
    return broken(
      record.position,
      "out_of_order",
      `entry #${record.position} (${record.id}) comes after #${check.last.position}`,
      record.id
    )
  }
  if (record.previous_hash !== check.last.hash) {
    return broken(
      expected,
      "altered",
      `entry #${expected} (${record.id}) does not link to the entry before it: one of them was altered`,
      record.id
    )
  }
  if (chainHash(record, digest) !== record.hash) {
    return broken(expected, "altered", `entry #${expected} (${record.id}) does not match its hash`, record.id)
  }
  return { last: headOf(record), verified: check.verified + 1, broken: null }
}

/**
 * The verdict once every entry is read, against the head recorded for the organisation (`null`
 * when none is: then no entry may exist either).
 */
export const finishChainCheck = (
  organization_id: OrganizationId,
  check: ChainCheck,
  head: ChainHead | null
): ChainVerification => {
  const recorded = head ?? EmptyChain
  const verdict = (first_break: ChainBreak | null): ChainVerification => ({
    organization_id,
    intact: first_break === null,
    verified_entries: check.verified,
    head: recorded,
    first_break
  })
  if (check.broken !== null) return verdict(check.broken)
  const { last } = check
  if (recorded.position > last.position) {
    return verdict({
      position: last.position + 1,
      entry_id: null,
      reason: "truncated",
      message: `entries #${last.position + 1} to #${recorded.position} are missing from the end`
    })
  }
  if (recorded.position !== last.position || recorded.hash !== last.hash) {
    return verdict({
      position: last.position,
      entry_id: null,
      reason: "head_mismatch",
      message: head === null
        ? "the organisation's recorded head is missing"
        : `the recorded head (#${recorded.position}) is not the last entry (#${last.position})`
    })
  }
  return verdict(null)
}

/** Checks a whole chain read in append order against its recorded head. */
export const verifyChain = (
  organization_id: OrganizationId,
  records: Iterable<HistoryRecord>,
  head: ChainHead | null,
  digest: Digest
): ChainVerification => {
  let check = startChainCheck
  for (const record of records) check = checkNext(check, record, digest)
  return finishChainCheck(organization_id, check, head)
}

/** The entry a record holds, without its place in the chain. */
export const entryOf = (record: HistoryRecord): HistoryEntry => {
  const { hash: _hash, position: _position, previous_hash: _previous, ...entry } = record
  return entry
}
