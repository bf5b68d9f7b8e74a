import type { CreateRequest } from "./CreateRequest.js"
import type { RequestState } from "./Decide.js"
import type { PreparedField } from "./Fields.js"
import type { OrganizationId, RequestFieldId, RequestId, SourceId, UserId, ValidationId } from "./Ids.js"
import type { Language } from "./Language.js"
import type { Request } from "./Request.js"
import type { User } from "./User.js"
import { regulationOf, responseDeadline } from "./UserRights.js"

/** A new request's state, before the lifecycle decides on its creation. */
export const initialState = (input: CreateRequest, id: RequestId): RequestState => ({
  id,
  status: input.status,
  metadata: input.metadata ?? {},
  extra_message_variables: input.extra_message_variables ?? {}
})

/** Identifiers the caller generated for the rows a new request implies, beside its own id. */
export interface NewRequestIds {
  readonly source: SourceId
  readonly validation: ValidationId
  /** One per prepared field, in order. */
  readonly fields: ReadonlyArray<RequestFieldId>
}

/**
 * Assembles the stored request from a decoded body and the state its creation was decided on; the
 * approval link, if any, is already known.
 */
export const assembleRequest = (
  input: CreateRequest,
  context: {
    readonly state: RequestState
    readonly organization_id: OrganizationId
    readonly now: Date
    readonly ids: NewRequestIds
    readonly fields: ReadonlyArray<PreparedField>
    readonly approve_url: string | null
    /** The language chosen for it (`requestLanguage`). */
    readonly language: Language
    /** The open request of the same user and right it possibly repeats (`possibleDuplicateOf`). */
    readonly duplicate_of?: RequestId | undefined
  }
): Request => {
  const { ids, now, state } = context
  const validation = context.approve_url === null
    ? null
    : { id: ids.validation, created_at: now, updated_at: now, type: "email" as const, approve_url: context.approve_url }
  return {
    ...state,
    created_at: now,
    updated_at: now,
    organization_id: context.organization_id,
    organization_user_id: input.organization_user_id,
    source_id: ids.source,
    validation_id: validation?.id ?? null,
    user_right_id: input.user_right_id,
    regulation_id: regulationOf(input.user_right_id),
    expires_at: responseDeadline(input.user_right_id, now),
    domain: null,
    source: {
      id: ids.source,
      created_at: now,
      updated_at: now,
      type: input.source.type,
      key: null,
      deployment_id: null,
      country: input.source.country ?? null
    },
    validation,
    language: context.language,
    request_fields: context.fields.map((field, index) => ({
      id: ids.fields[index]!,
      created_at: now,
      updated_at: now,
      request_id: state.id,
      field_id: field.field_id,
      value: field.value,
      field: field.field
    })),
    ...(context.duplicate_of === undefined ? {} : { duplicate_of: context.duplicate_of })
  }
}

/** The user a first request creates, from its optional `user` object. */
export const assembleUser = (
  input: CreateRequest,
  context: { readonly organization_id: OrganizationId; readonly now: Date; readonly id: UserId }
): User => ({
  // Always generated: a caller-given `user.id` is not unique across organisations.
  id: context.id,
  created_at: context.now,
  updated_at: context.now,
  organization_id: context.organization_id,
  organization_user_id: input.organization_user_id,
  email: input.user?.email ?? null,
  metadata: input.user?.metadata ?? {},
  country: input.user?.country ?? null
})
