import type { Either } from "effect"
import type { Decision, LifecycleCommand, RequestState } from "../Decide.js"
import type { DomainError } from "../Errors.js"
import type { Status } from "../lifecycle.js"
import type { LinkClock, LinkState } from "../LinkState.js"
import type { PatchRequest } from "../PatchRequest.js"

/**
 * An implementation of the lifecycle the specification runs against: at least its table
 * (`mayTransition`), and, when it has them, its functional core and its link clock. Each
 * property runs only when the parts it needs are given.
 */
export interface LifecycleImplementation {
  /** Whether a request may change from `from` to `to` (a change to the same status always may). */
  readonly mayTransition: (from: Status, to: Status) => boolean
  /** `@dsar/domain`'s `decide`, or one with its contract: a refusal is a `Left` and changes nothing. */
  decide?(state: RequestState | null, command: LifecycleCommand, now: Date): Either.Either<Decision, DomainError>
  /** How a PATCH body is decoded before `decide` sees it (fields other than the editable ones refused). */
  decodePatchRequest?(body: unknown): Either.Either<PatchRequest, DomainError>
  readonly linkState?: (link: LinkClock, now: Date) => LinkState
  readonly linkExpiresAt?: (createdAt: Date, lifetimeSeconds: number) => Date
}

export type Decider = NonNullable<LifecycleImplementation["decide"]>
