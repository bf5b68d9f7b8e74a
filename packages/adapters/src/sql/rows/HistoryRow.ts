import { HistoryEntry, HistoryRecord } from "@dsar/domain"
import { Schema } from "effect"

const nested = {
  actor: Schema.parseJson(HistoryEntry.fields.actor),
  changes: Schema.parseJson(HistoryEntry.fields.changes),
  // NULL for the entries without one.
  reason: Schema.optionalWith(Schema.String, { exact: true, nullable: true })
}

/** A history row's entry, without its place in the chain (rows written before 0011 had none). */
export const HistoryEntryRow = Schema.Struct({ ...HistoryEntry.fields, ...nested })

export const HistoryRow = Schema.Struct({ ...HistoryRecord.fields, ...nested })
