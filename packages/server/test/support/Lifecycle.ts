import type { Status } from "@dsar/domain"

/**
 * The lifecycle table of SPEC.md section 3, restated on purpose rather than imported from the
 * domain: these tests check the running server against the specification, not against itself.
 */
export const SpecTable: Readonly<Record<Status, ReadonlyArray<Status>>> = {
  unverified: ["verified", "refused", "archived"],
  verified: ["work_in_progress", "fulfilled", "refused", "archived"],
  work_in_progress: ["fulfilled", "refused", "archived"],
  fulfilled: ["archived"],
  refused: ["archived"],
  archived: []
}

/** Each stored change starts where the previous one ended and is one the table allows. */
export const isValidHistory = (
  history: ReadonlyArray<{ readonly from_status: string | null; readonly to_status: string }>
) =>
  history.every(
    (entry, i) =>
      i === 0 ||
      (entry.from_status === history[i - 1]!.to_status &&
        SpecTable[history[i - 1]!.to_status as Status].includes(entry.to_status as Status))
  )

/** A PATCH body moving a request to `status`; a refusal gives the reason it needs. */
export const statusBody = (status: Status) =>
  status === "refused" ? { status, refusal: { reason: "exempt" } } : { status }
