import type { OrganizationUserId, RequestId } from "./Ids.js"
import { OpenStatuses } from "./lifecycle.js"
import type { Status } from "./Status.js"
import type { UserRightId } from "./UserRights.js"

/** What telling duplicates apart needs to know of a request. */
export interface DuplicateCandidate {
  readonly id: RequestId
  readonly organization_user_id: OrganizationUserId
  readonly user_right_id: UserRightId
  readonly status: Status
  readonly created_at: Date
}

/**
 * The requests a new one may repeat: the same user's, for the same right, still open. The
 * listing form is what a store filters on (oldest first); `possibleDuplicateOf` is the rule.
 */
export const duplicateCriteria = (request: Pick<DuplicateCandidate, "organization_user_id" | "user_right_id">) =>
  ({
    organization_user_id: request.organization_user_id,
    user_right_id: request.user_right_id,
    status: OpenStatuses
  }) as const

/**
 * The request a new one possibly duplicates: the oldest open request of the same user for the
 * same right (the one being answered first), if any. An operator decides; a duplicate may then
 * be refused with the reason `duplicate`.
 */
export const possibleDuplicateOf = (
  request: Pick<DuplicateCandidate, "organization_user_id" | "user_right_id">,
  existing: Iterable<DuplicateCandidate>
): RequestId | undefined => {
  const criteria = duplicateCriteria(request)
  let oldest: DuplicateCandidate | undefined
  for (const other of existing) {
    const same = other.organization_user_id === criteria.organization_user_id &&
      other.user_right_id === criteria.user_right_id &&
      (criteria.status as ReadonlyArray<Status>).includes(other.status)
    const older = oldest === undefined || other.created_at.getTime() < oldest.created_at.getTime() ||
      (other.created_at.getTime() === oldest.created_at.getTime() && other.id < oldest.id)
    if (same && older) oldest = other
  }
  return oldest?.id
}
