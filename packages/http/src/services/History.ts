import { type Actor, type Change, type HistoryEntry, HistoryEntryId, type Request } from "@dsar/domain"
import { Effect } from "effect"
import { IdGenerator } from "../ports/Crypto.js"
import { HistoryStore } from "../ports/Stores.js"

/** Appends one history entry for a decision's changes. */
export const recordHistory = (input: {
  readonly request: Request
  readonly actor: Actor
  readonly action: HistoryEntry["action"]
  readonly from_status: Request["status"] | null
  readonly changes: ReadonlyArray<Change>
  readonly at: Date
}) =>
  Effect.gen(function*() {
    const ids = yield* IdGenerator
    const history = yield* HistoryStore
    yield* history.append({
      id: HistoryEntryId.make(yield* ids.make("hst")),
      organization_id: input.request.organization_id,
      request_id: input.request.id,
      at: input.at,
      actor: input.actor,
      action: input.action,
      from_status: input.from_status,
      to_status: input.request.status,
      changes: input.changes
    })
  })
