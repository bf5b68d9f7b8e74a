import {
  assembleRequest,
  type CreateRequest,
  defaultOrganizationSettings,
  type HistoryEntry,
  HistoryEntryId,
  initialState,
  type Language,
  LinkId,
  type Note,
  NoteId,
  type Organization,
  OrganizationId,
  OrganizationUserId,
  prepareRequestFields,
  type Request,
  RequestFieldId,
  RequestId,
  SourceId,
  type Status,
  type User,
  UserId,
  type UserRightId,
  ValidationId
} from "@dsar/domain"
import type { ApiKey, OutboxMessage, StoredLink } from "@dsar/http"
import { Either } from "effect"

// Real domain values for the conformance suite: requests come out of the domain's own assembly.

const DAY = 86_400_000
export const T0 = new Date("2024-03-01T09:00:00.000Z")
export const day = (n: number) => new Date(T0.getTime() + n * DAY)

export const orgA = OrganizationId.make("org_a")
export const orgB = OrganizationId.make("org_b")

export const organization = (id: OrganizationId): Organization => ({
  id,
  name: `Organisation ${id}`,
  created_at: T0,
  default_redirect_url: "https://example.org/thanks",
  settings: defaultOrganizationSettings,
  redirect_domains: ["example.org"]
})

export const apiKey = (organization_id: OrganizationId, key = `key_${organization_id}`): ApiKey => ({
  key,
  organization_id,
  secret_hash: "scrypt$1024$8$1$c2FsdA$aGFzaA",
  created_at: T0
})

export const user = (
  organization_id: OrganizationId,
  organization_user_id: string,
  id = `usr_${organization_id}_${organization_user_id}`
): User => ({
  id: UserId.make(id),
  created_at: T0,
  updated_at: T0,
  organization_id,
  organization_user_id: OrganizationUserId.make(organization_user_id),
  email: `${organization_user_id}@example.org`,
  metadata: { plan: "pro", tags: ["a", "b"] },
  country: "US"
})

export interface RequestSpec {
  readonly id: string
  readonly organization_id?: OrganizationId
  readonly status?: Status
  readonly user_right_id?: UserRightId
  readonly organization_user_id?: string
  readonly created_at?: Date
  readonly language?: Language
  readonly updated_at?: Date
  /** By default the right's deadline after `created_at`. */
  readonly expires_at?: Date
  readonly duplicate_of?: string
}

/** A request as the service assembles it: an email field, an approval link, metadata, variables, a refusal's reason. */
export const request = (spec: RequestSpec): Request => {
  const organization_user_id = spec.organization_user_id ?? "alice"
  const input: CreateRequest = {
    organization_user_id: OrganizationUserId.make(organization_user_id),
    user_right_id: spec.user_right_id ?? "cpra_access_my_data",
    status: spec.status ?? "unverified",
    source: { type: "DSAR", country: "US" },
    metadata: { ticket: 42, nested: { list: [1, "two", null] } },
    extra_message_variables: { download_link: "https://example.org/export.zip", greeting: "Hello" }
  }
  const fields = Either.getOrThrow(
    prepareRequestFields([{ field_id: "email", value: `  ${organization_user_id.toUpperCase()}@Example.org ` }])
  )
  const now = spec.created_at ?? T0
  const assembled = assembleRequest(input, {
    state: initialState(input, RequestId.make(spec.id)),
    organization_id: spec.organization_id ?? orgA,
    now,
    ids: {
      source: SourceId.make(`src_${spec.id}`),
      validation: ValidationId.make(`val_${spec.id}`),
      fields: [RequestFieldId.make(`rqf_${spec.id}`)]
    },
    fields,
    language: spec.language ?? "en",
    approve_url: `https://dsar.example.org/links/token-of-${spec.id}`
  })
  // A refused request keeps its reason, free text included, on every store alike.
  const refusal = assembled.status === "refused"
    ? { refusal: { reason: "other" as const, details: "Déjà répondu — see \"ticket\" 42" } }
    : {}
  return {
    ...assembled,
    ...refusal,
    ...(spec.duplicate_of === undefined ? {} : { duplicate_of: RequestId.make(spec.duplicate_of) }),
    updated_at: spec.updated_at ?? now,
    expires_at: spec.expires_at ?? assembled.expires_at
  }
}

export const link = (request: Request, id: string, overrides: Partial<StoredLink> = {}): StoredLink => ({
  id: LinkId.make(id),
  created_at: T0,
  updated_at: T0,
  organization_id: request.organization_id,
  action: "request.update",
  event: { status: "verified", request_id: request.id },
  redirect_url: "https://example.org/thanks",
  lifetime: 900,
  expires_at: new Date(T0.getTime() + 900_000),
  used_at: null,
  renewed_at: null,
  token_hash: `hash_of_${id}`,
  ...overrides
})

export const note = (request: Request, id: string, created_at: Date = T0): Note => ({
  id: NoteId.make(id),
  created_at,
  updated_at: created_at,
  organization_id: request.organization_id,
  request_id: request.id,
  value: `Note ${id}`
})

export const historyEntry = (request: Request, id: string, at: Date = T0): HistoryEntry => ({
  id: HistoryEntryId.make(id),
  organization_id: request.organization_id,
  request_id: request.id,
  at,
  actor: { type: "api_key", id: "key_org_a" },
  action: "request.update",
  from_status: "unverified",
  to_status: "verified",
  changes: [
    { field: "status", from: "unverified", to: "verified" },
    { field: "metadata", from: { a: 1 }, to: { a: 2, b: [true] } }
  ]
})

/** A deadline extension's entry: the `expires_at` change and its reason. */
export const extensionEntry = (request: Request, id: string, at: Date = T0): HistoryEntry => ({
  ...historyEntry(request, id, at),
  action: "request.extend",
  from_status: request.status,
  to_status: request.status,
  changes: [{ field: "expires_at", from: "2026-03-01T00:00:00.000Z", to: "2026-04-15T00:00:00.000Z" }],
  reason: "Many requests this month"
})

export const message = (request: Request, id: string, created_at: Date = T0): OutboxMessage => ({
  id,
  organization_id: request.organization_id,
  request_id: request.id,
  kind: "approval",
  to: "alice@example.org",
  created_at,
  variables: {
    link_id: LinkId.make(`lnk_${id}`),
    url: "https://dsar.example.org/links/t",
    expires_at: "2024-03-01T09:15:00.000Z"
  }
})
