import {
  type Actor,
  checkNext,
  type FieldChange,
  finishChainCheck,
  type HistoryEntry,
  HistoryEntryId,
  type OrganizationId,
  type Request,
  startChainCheck,
  webhookEvents
} from "@dsar/domain"
import { Effect, Option } from "effect"
import { HistoryDigest, IdGenerator } from "../ports/Crypto.js"
import { HistoryStore } from "../ports/Stores.js"
import { emitWebhooks } from "./Webhooks.js"

/**
 * Appends one history entry for a decision's changes, and queues the webhook events the change
 * causes, in the caller's transaction: every change that reaches the history reaches the webhooks.
 * Answers the entry as stored, chained.
 */
export const recordHistory = (input: {
  readonly request: Request
  readonly actor: Actor
  readonly action: HistoryEntry["action"]
  readonly from_status: Request["status"] | null
  readonly changes: ReadonlyArray<FieldChange>
  readonly at: Date
  readonly reason?: string
}) =>
  Effect.gen(function*() {
    const ids = yield* IdGenerator
    const history = yield* HistoryStore
    const entry = yield* history.append({
      id: HistoryEntryId.make(yield* ids.make("hst")),
      organization_id: input.request.organization_id,
      request_id: input.request.id,
      at: input.at,
      actor: input.actor,
      action: input.action,
      from_status: input.from_status,
      to_status: input.request.status,
      changes: input.changes,
      ...(input.reason === undefined ? {} : { reason: input.reason })
    })
    yield* emitWebhooks(webhookEvents(input))
    return entry
  })

/** Entries read per page while verifying: memory stays bounded whatever the history's length. */
const PAGE = 1000

/**
 * Checks an organisation's whole history chain, page by page in append order, against its
 * recorded head. The head is read first and only the entries it counts are checked, so entries
 * appended meanwhile are neither checked nor taken for tampering.
 */
export const verifyHistory = (organization_id: OrganizationId) =>
  Effect.gen(function*() {
    const store = yield* HistoryStore
    const { digest } = yield* HistoryDigest
    const head = Option.getOrNull(yield* store.head(organization_id))
    const bound = head === null ? Number.POSITIVE_INFINITY : head.position
    let check = startChainCheck
    let read = 0
    while (check.broken === null && read < bound) {
      const page = yield* store.chain(organization_id, read, Math.min(PAGE, bound - read))
      for (const record of page) check = checkNext(check, record, digest)
      read += page.length
      if (page.length < PAGE) break
    }
    return finishChainCheck(organization_id, check, head)
  })

/** `verifyHistory` for every organisation that has a history, in id order. */
export const verifyEveryHistory = Effect.flatMap(
  HistoryStore,
  (store) => Effect.flatMap(store.organizations, (ids) => Effect.forEach(ids, verifyHistory))
)
