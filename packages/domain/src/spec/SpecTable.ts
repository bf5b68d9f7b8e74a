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
