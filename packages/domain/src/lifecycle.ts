/**
 * The status lifecycle as plain data, for callers that only ask "may X go to Y?": this module
 * imports nothing, so loading it builds no Schema and no state machine. The xstate machine
 * (`LifecycleMachine.ts`) stays the source of the rules; a test checks this table against it
 * for every pair of statuses.
 */

/** Every status a privacy request can be in, in lifecycle order. */
export const Statuses = ["unverified", "verified", "work_in_progress", "fulfilled", "refused", "archived"] as const
export type Status = (typeof Statuses)[number]

/** The statuses of a request still waiting for its answer: past its deadline in one of them, it is overdue. */
export const OpenStatuses = ["unverified", "verified", "work_in_progress"] as const satisfies ReadonlyArray<Status>

/** The statuses of a request that got its answer: a retention period counts from its last change in one of them. */
export const ClosedStatuses = ["fulfilled", "refused", "archived"] as const satisfies ReadonlyArray<Status>

/** The status changes the machine allows from each status, in lifecycle order. */
export const TransitionTable: { readonly [S in Status]: ReadonlyArray<Status> } = Object.freeze({
  unverified: Object.freeze(["verified", "refused", "archived"] as const),
  verified: Object.freeze(["work_in_progress", "fulfilled", "refused", "archived"] as const),
  work_in_progress: Object.freeze(["fulfilled", "refused", "archived"] as const),
  fulfilled: Object.freeze(["archived"] as const),
  refused: Object.freeze(["archived"] as const),
  archived: Object.freeze([] as const)
})

/** The statuses `from` can change to (excluding itself). */
export const allowedTargets = (from: Status): ReadonlyArray<Status> => TransitionTable[from]

/** Whether a PATCH from `from` to `to` is accepted: a change the table allows, or no change at all. */
export const mayTransition = (from: Status, to: Status): boolean => from === to || TransitionTable[from].includes(to)

export const isTerminal = (status: Status): boolean => TransitionTable[status].length === 0
