import type { Status } from "../lifecycle.js"

/**
 * The lifecycle table of SPEC section 3, written out by hand: the oracle the machine is tested
 * against, so a change to the machine that the specification does not make fails a test.
 */
export const SpecTable: Record<Status, ReadonlyArray<Status>> = {
  unverified: ["verified", "refused", "archived"],
  verified: ["work_in_progress", "fulfilled", "refused", "archived"],
  work_in_progress: ["fulfilled", "refused", "archived"],
  fulfilled: ["archived"],
  refused: ["archived"],
  archived: []
}

export const specAllows = (from: Status, to: Status): boolean => from === to || SpecTable[from].includes(to)

/** Statuses whose arrival the requester is told of by email (the hosted API's notices). */
export const NotifiedStatuses: ReadonlyArray<Status> = ["work_in_progress", "fulfilled", "refused"]

/** The reason the specification refuses with: a refusal needs one (issue 16). */
export const SpecRefusal = { reason: "exempt", details: "An exemption applies." } as const

/** A PATCH moving to `to`, with the reason a refusal needs. */
export const patchTo = (to: Status) => (to === "refused" ? { status: to, refusal: SpecRefusal } : { status: to })

/** Whether a link may be created now for `to`: a change the table allows that is not a refusal (a link carries no reason). */
export const specAllowsLink = (from: Status, to: Status): boolean =>
  specAllows(from, to) && (to !== "refused" || from === "refused")
