import {
  type Actor,
  ClosedStatuses,
  erasedChange,
  erasedRequest,
  type OrganizationId,
  type RequestId,
  retentionCutoff,
  type RetentionPeriod
} from "@dsar/domain"
import { Duration, Effect, Layer, Schedule } from "effect"
import { ErasureStore, type ExpiredRequest, RequestsStore } from "../ports/Stores.js"
import { currentDate } from "../Time.js"
import { StaleVersion, transactWithRetry } from "./Concurrency.js"
import { recordHistory } from "./History.js"
import { RequestsService } from "./Requests.js"

/** Requests erased per transaction by the retention worker. */
const BATCH = 100

/** The actor of the retention worker's erasures. */
export const RetentionActor: Actor = { type: "system", id: "retention" }

export class ErasureService extends Effect.Service<ErasureService>()("@dsar/http/ErasureService", {
  effect: Effect.gen(function*() {
    const requests = yield* RequestsService
    const store = yield* ErasureStore
    const requestsStore = yield* RequestsStore

    /** Erases within the caller's transaction; an erased request is answered as it is. */
    const eraseIn = (organization_id: OrganizationId, id: RequestId, actor: Actor) =>
      Effect.gen(function*() {
        const stored = yield* requests.find(organization_id, id)
        const current = stored.value
        if (current.erasure !== undefined) return current
        const at = yield* currentDate
        const erased = erasedRequest(current, { at, by: actor })
        if (!(yield* requestsStore.update(erased, stored.version))) return yield* Effect.fail(new StaleVersion())
        yield* store.eraseDependents(organization_id, id, current.organization_user_id, erasedChange)
        yield* recordHistory({
          request: erased,
          actor,
          action: "request.erase",
          from_status: current.status,
          changes: [],
          at
        })
        return erased
      })

    /**
     * Erases the personal data of one request everywhere it is stored, in one transaction, then
     * scrubs the database's files; what remains is the non-personal record (see `erasedRequest`).
     */
    const erase = (organization_id: OrganizationId, id: RequestId, actor: Actor) =>
      Effect.tap(transactWithRetry(eraseIn(organization_id, id, actor)), () => store.scrub)

    /** The closed requests whose last change is older than `retention`, as of now: what `eraseExpired` would erase. */
    const expired = (retention: RetentionPeriod, limit = Number.MAX_SAFE_INTEGER) =>
      Effect.flatMap(currentDate, (now) => store.expired(ClosedStatuses, retentionCutoff(now, retention), limit))

    /** Erases every request `expired` lists, a batch per transaction; returns them. */
    const eraseExpired = (retention: RetentionPeriod) =>
      Effect.gen(function*() {
        const erased: Array<ExpiredRequest> = []
        while (true) {
          const batch = yield* expired(retention, BATCH)
          if (batch.length === 0) break
          yield* transactWithRetry(
            Effect.forEach(batch, (request) => eraseIn(request.organization_id, request.id, RetentionActor), {
              discard: true
            })
          )
          for (const request of batch) erased.push(request)
          if (batch.length < BATCH) break
        }
        if (erased.length > 0) yield* store.scrub
        return erased
      })

    return { erase, expired, eraseExpired } as const
  })
}) {}

/**
 * The retention worker: every `interval` (default 1 hour), erases the closed requests whose last
 * change is older than `retention`. A pass that fails is logged and tried at the next interval.
 */
export const retentionLayer = (retention: RetentionPeriod, interval: Duration.DurationInput = Duration.hours(1)) =>
  Layer.scopedDiscard(
    Effect.flatMap(ErasureService, (service) =>
      Effect.forkScoped(
        service.eraseExpired(retention).pipe(
          Effect.tap((erased) => (erased.length === 0
            ? Effect.void
            : Effect.logInfo("Retention period over: requests erased", { count: erased.length }))
          ),
          Effect.catchAllCause((cause) => Effect.logError("Retention pass failed; trying again later", cause)),
          Effect.repeat(Schedule.spaced(interval)),
          Effect.annotateLogs({ component: "retention" })
        )
      ))
  )
