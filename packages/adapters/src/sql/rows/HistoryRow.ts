import { HistoryEntry } from "@dsar/domain"
import { Schema } from "effect"

export const HistoryRow = Schema.Struct({
  ...HistoryEntry.fields,
  actor: Schema.parseJson(HistoryEntry.fields.actor),
  changes: Schema.parseJson(HistoryEntry.fields.changes)
})
