import { Duration, Either } from "effect"
import type { Refusal } from "./Refusal.js"
import type { Status } from "./Status.js"

/**
 * How long a request may wait for its requester to confirm it: a reminder (with a fresh approval
 * link) goes out `remind_after` its receipt, and the request is closed as refused `close_after`
 * its receipt. The reminder comes before the closing, so a requester is always warned first.
 */
export interface UnverifiedPolicy {
  readonly remind_after: Duration.Duration
  readonly close_after: Duration.Duration
}

/** A week to remind, a month to close: what the default server does (decision 0024). */
export const defaultUnverifiedPolicy: UnverifiedPolicy = {
  remind_after: Duration.days(7),
  close_after: Duration.days(30)
}

/** A policy, or why it cannot be one: both periods positive, the reminder before the closing. */
export const unverifiedPolicy = (
  remind_after: Duration.Duration,
  close_after: Duration.Duration
): Either.Either<UnverifiedPolicy, string> => {
  if (!Duration.greaterThan(remind_after, Duration.zero)) return Either.left("the reminder delay must be positive")
  if (!Duration.lessThan(remind_after, close_after)) {
    return Either.left("the reminder must come before the closing: its delay must be shorter")
  }
  return Either.right({ remind_after, close_after })
}

/** The refusal an unconfirmed request is closed with. */
export const unverifiedRefusal: Refusal = { reason: "identity_not_verified" }

const minus = (now: Date, period: Duration.Duration) => new Date(now.getTime() - Duration.toMillis(period))

/** Requests received at or before this instant are due a reminder (when unverified and not reminded yet). */
export const reminderCutoff = (now: Date, policy: UnverifiedPolicy): Date => minus(now, policy.remind_after)

/** Requests received at or before this instant are due to be closed (when still unverified). */
export const closingCutoff = (now: Date, policy: UnverifiedPolicy): Date => minus(now, policy.close_after)

/** When a request received at `created_at` is closed if it is not confirmed by then; its reminder says so. */
export const closesAt = (created_at: Date, policy: UnverifiedPolicy): Date =>
  new Date(created_at.getTime() + Duration.toMillis(policy.close_after))

/**
 * What an unconfirmed request is due now: `close` from `close_after` on (reminded or not: a
 * reminder that would arrive with the closing says nothing), else `remind` from `remind_after` on
 * when none was sent, else `none`. A request that is not unverified is due nothing.
 */
export const unverifiedFollowUp = (
  request: { readonly status: Status; readonly created_at: Date },
  reminded: boolean,
  policy: UnverifiedPolicy,
  now: Date
): "close" | "remind" | "none" => {
  if (request.status !== "unverified") return "none"
  const received = request.created_at.getTime()
  if (received <= closingCutoff(now, policy).getTime()) return "close"
  if (!reminded && received <= reminderCutoff(now, policy).getTime()) return "remind"
  return "none"
}
