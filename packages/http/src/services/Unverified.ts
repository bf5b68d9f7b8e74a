import {
  type Actor,
  closesAt,
  closingCutoff,
  decide,
  LifecycleCommand,
  reminderCutoff,
  type Request,
  requestState,
  unverifiedFollowUp,
  type UnverifiedPolicy,
  unverifiedRefusal
} from "@dsar/domain"
import { Duration, Effect, Either, Layer, Option, Schedule } from "effect"
import { OrganizationsStore, RequestsStore, Transactor } from "../ports/Stores.js"
import { type UnverifiedRequest, UnverifiedStore } from "../ports/Unverified.js"
import { currentDate } from "../Time.js"
import { applyDecision } from "./ApplyDecision.js"
import { RequestsService } from "./Requests.js"

/** Requests followed up per listing by the sweep. */
const BATCH = 100

/** The actor of the sweep's closings, in the history. */
export const UnverifiedActor: Actor = { type: "system", id: "unverified" }

/** What one sweep did: requests closed as refused, requesters reminded. */
export interface UnverifiedSweepResult {
  readonly closed: number
  readonly reminded: number
}

/**
 * Follows up the requests nobody confirms (decision 0024): those due to be closed are refused with
 * the reason `identity_not_verified` through the API's own update, which emails the refusal; then
 * those due a reminder get a fresh approval link by email. Each follow-up is one transaction with
 * the email it queues in the outbox, decided on the request as stored then: a request confirmed
 * meanwhile is left alone, and of sweeps racing (several servers) one closes or reminds.
 */
export const sweepUnverified = (policy: UnverifiedPolicy) =>
  Effect.gen(function*() {
    const store = yield* UnverifiedStore
    const requests = yield* RequestsService
    const requestsStore = yield* RequestsStore
    const organizations = yield* OrganizationsStore
    const transactor = yield* Transactor

    const stillDue = (now: Date, reminded: boolean, due: "close" | "remind") => (request: Request) =>
      unverifiedFollowUp(request, reminded, policy, now) === due

    const close = (request: UnverifiedRequest, now: Date) =>
      Effect.suspend(() => {
        // Whether the update's last decision, the one that committed, found the request still due.
        let due = false
        return requests.update(
          request.organization_id,
          request.id,
          { status: "refused", refusal: unverifiedRefusal },
          UnverifiedActor,
          (stored) => (due = stillDue(now, true, "close")(stored))
        ).pipe(Effect.map(() => due))
      })

    const remind = (request: UnverifiedRequest, now: Date) =>
      transactor.withTransaction(
        Effect.gen(function*() {
          const stored = yield* requestsStore.findById(request.organization_id, request.id)
          const organization = yield* organizations.findById(request.organization_id)
          if (Option.isNone(stored) || Option.isNone(organization)) return false
          const current = stored.value.value
          if (current.erasure !== undefined || !stillDue(now, false, "remind")(current)) return false
          if (!(yield* store.markReminded(request.organization_id, request.id, now))) return false
          const decision = decide(
            requestState(current),
            LifecycleCommand.Remind({ closes_at: closesAt(current.created_at, policy) }),
            now
          )
          if (Either.isLeft(decision)) return yield* Effect.die(decision.left)
          yield* applyDecision({
            organization: organization.value,
            stored: stored.value,
            decision: decision.right,
            actor: UnverifiedActor,
            action: "request.update",
            at: now
          })
          return true
        })
      )

    // Each listing starts again from the oldest: what was followed up leaves it, what was left
    // (confirmed, erased, another sweep's) is counted so that the loop ends.
    const followUp = <E, R>(
      list: (now: Date) => Effect.Effect<ReadonlyArray<UnverifiedRequest>>,
      act: (request: UnverifiedRequest, now: Date) => Effect.Effect<boolean, E, R>
    ) =>
      Effect.gen(function*() {
        let done = 0
        while (true) {
          const now = yield* currentDate
          const batch = yield* list(now)
          let acted = 0
          for (const request of batch) {
            if (yield* act(request, now)) acted++
          }
          done += acted
          if (batch.length < BATCH || acted === 0) return done
        }
      })

    const closed = yield* followUp((now) => store.dueForClosing(closingCutoff(now, policy), BATCH), close)
    const reminded = yield* followUp(
      (now) => store.dueForReminder({ after: closingCutoff(now, policy), before: reminderCutoff(now, policy) }, BATCH),
      remind
    )
    return { closed, reminded } satisfies UnverifiedSweepResult
  })

/**
 * The unverified sweep: every `interval` (default 10 minutes), `sweepUnverified`. A pass that fails
 * is logged and tried at the next interval.
 */
export const unverifiedSweepLayer = (
  policy: UnverifiedPolicy,
  interval: Duration.DurationInput = Duration.minutes(10)
) =>
  Layer.scopedDiscard(
    Effect.forkScoped(
      sweepUnverified(policy).pipe(
        Effect.tap(({ closed, reminded }) =>
          closed + reminded === 0
            ? Effect.void
            : Effect.logInfo("Unverified requests followed up", { closed, reminded })
        ),
        Effect.catchAllCause((cause) => Effect.logError("Unverified sweep failed; trying again later", cause)),
        Effect.repeat(Schedule.spaced(interval)),
        Effect.annotateLogs({ component: "unverified-sweep" })
      )
    )
  )
