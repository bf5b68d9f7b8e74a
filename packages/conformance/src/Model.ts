import type { Metadata, RequestId, Status, UserRightId } from "@dsar/domain"
import { SpecTable } from "@dsar/domain/spec"

// The kit's oracle for status changes is the specification's own table (`@dsar/domain/spec`,
// written out by hand from SPEC section 3), never the implementation's, so a wrong table in the
// system under test is caught.
export { patchTo, specAllows, specAllowsLink, SpecTable as SpecTransitions } from "@dsar/domain/spec"

export const SpecStatuses = Object.keys(SpecTable) as ReadonlyArray<Status>

/** What the model knows of one request the run created: what the API must answer about it. */
export interface ModelRequest {
  readonly id: RequestId
  readonly organization_user_id: string
  readonly user_right_id: UserRightId
  readonly created_at: Date
  status: Status
  updated_at: Date
  expires_at: Date
  metadata: Metadata
  readonly notes: Array<string>
}

/** The model: the requests one command sequence created, in creation order. Far simpler than the system. */
export interface Model {
  readonly requests: Array<ModelRequest>
}

export const emptyModel = (): Model => ({ requests: [] })

/** The model's request at a generated position: positions wrap around what exists. */
export const at = (model: Model, position: number): ModelRequest => model.requests[position % model.requests.length]!

/** A listing's filters as the model applies them. */
export interface ModelFilter {
  readonly organization_user_id: string
  readonly status?: ReadonlyArray<Status>
  readonly user_right_id?: ReadonlyArray<UserRightId>
}

export const selects = (filter: ModelFilter) => (request: ModelRequest): boolean =>
  request.organization_user_id === filter.organization_user_id &&
  (filter.status === undefined || filter.status.includes(request.status)) &&
  (filter.user_right_id === undefined || filter.user_right_id.includes(request.user_right_id))
