import {
  type Actor,
  approvalUrlKept,
  type Decision,
  type HistoryEntry,
  nextRequest,
  type Organization,
  recipientOf,
  type Request
} from "@dsar/domain"
import { Effect } from "effect"
import { RequestsStore, type Versioned } from "../ports/Stores.js"
import { StaleVersion } from "./Concurrency.js"
import { performEffects } from "./EffectRunner.js"
import { recordHistory } from "./History.js"

/** Stores `next` only if the request is still at `version` (the one it was read at). */
const storeRequest = (next: Request, version: number) =>
  Effect.flatMap(RequestsStore, (requests) => requests.update(next, version)).pipe(
    Effect.flatMap((stored) => (stored ? Effect.void : Effect.fail(new StaleVersion())))
  )

/**
 * Carries out a decision on an existing request, inside the caller's transaction: when it changes
 * the request, a compare-and-set write (`StaleVersion` if another change came first) and one
 * history entry; then its effects. Returns the request as it now is and the links it issued.
 */
export const applyDecision = (input: {
  readonly organization: Organization
  readonly stored: Versioned<Request>
  readonly decision: Decision
  readonly actor: Actor
  readonly action: HistoryEntry["action"]
  readonly at: Date
}) =>
  Effect.gen(function*() {
    const { at, decision, stored } = input
    const current = stored.value
    const changed = decision.changes.length > 0
    // A request leaving `unverified` no longer needs its approval URL: it is not stored on (decision 0012).
    const request: Request = changed ? approvalUrlKept(nextRequest(current, decision, at)) : current
    if (changed) {
      yield* storeRequest(request, stored.version)
      yield* recordHistory({
        request,
        actor: input.actor,
        action: input.action,
        from_status: current.status,
        changes: decision.changes,
        at
      })
    }
    const recipient = recipientOf(request)
    const issued = yield* performEffects(decision.effects, {
      organization: input.organization,
      request,
      recipient,
      now: at
    })
    return { request, recipient, issued } as const
  })
