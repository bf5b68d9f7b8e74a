import {
  ApiKeyLabel,
  type ChainHead,
  type DuplicateCandidate,
  type FieldChange,
  type HistoryEntry,
  type HistoryRecord,
  Language,
  Link,
  type LinkId,
  type Note,
  type Organization,
  OrganizationId,
  type OrganizationSettings,
  type OrganizationUserId,
  type Request,
  type RequestId,
  type Status,
  Timestamp,
  type User
} from "@dsar/domain"
import { Context, Data, type Effect, type Option, Schema } from "effect"
import type { RequestQuery, ScalarField } from "./RequestQuery.js"

// Ports: what the services need from storage. Every read and write is scoped to one
// organisation; a row of another organisation is never returned, whatever its id.
// Storage failures are defects (the adapters die): no caller can act on them.

/** A stored value with the version its compare-and-set update must name. */
export interface Versioned<A> {
  readonly value: A
  readonly version: number
}

export interface RequestPage {
  readonly items: ReadonlyArray<Request>
  readonly total: number
}

/** A request's scalar fields (absent ones may be null), all a page's cursor is made from. */
export type RequestSortKey = { readonly [F in ScalarField]?: Request[F] | null }

/**
 * A page as the JSON array the API answers (each request in its encoded form), and the total; with
 * how many requests it holds and the scalar fields of the last, which the next page's cursor is
 * made from.
 */
export interface RequestPageJson {
  readonly json: string
  readonly total: number
  readonly size: number
  readonly last: RequestSortKey | undefined
}

export class RequestsStore extends Context.Tag("@dsar/http/RequestsStore")<
  RequestsStore,
  {
    readonly insert: (request: Request) => Effect.Effect<void>
    readonly findById: (
      organization_id: OrganizationId,
      id: RequestId
    ) => Effect.Effect<Option.Option<Versioned<Request>>>
    /** The request `findById` finds, as the JSON the API answers (see `listJson`). */
    readonly findJson: (organization_id: OrganizationId, id: RequestId) => Effect.Effect<Option.Option<string>>
    readonly list: (query: RequestQuery) => Effect.Effect<RequestPage>
    /**
     * The page `list` returns, as JSON, for the API to answer as it is: a store keeping requests as
     * encoded text writes the page from that text instead of decoding every request and encoding it
     * again (two thirds of a list's CPU with 100 requests a page). The text is the requests'
     * encoded form, as the stores' conformance suite checks.
     */
    readonly listJson: (query: RequestQuery) => Effect.Effect<RequestPageJson>
    /**
     * The first request of the query's order (the one a page of one would hold), as what telling
     * duplicates apart needs of it: no count of the matches (a count walks every match) and no
     * decoding of the columns nobody reads.
     */
    readonly firstCandidate: (
      query: Omit<RequestQuery, "limit" | "skip">
    ) => Effect.Effect<Option.Option<DuplicateCandidate>>
    /**
     * Compare-and-set: stores `next` only if the stored version is still `expectedVersion`, then
     * bumps it. `false` when another change came first (nothing is written).
     */
    readonly update: (next: Request, expectedVersion: number) => Effect.Effect<boolean>
    /**
     * Removes the request's approval URL (`validation.approve_url`) while it is still `url`, bumps
     * its version, and writes nothing else: once the approval email is out, only the link's digest
     * stays at rest (decision 0012). `false` when another change came first (nothing is written;
     * try again), as `update` answers; `true` also when there was nothing to remove.
     */
    readonly forgetApprovalUrl: (organization_id: OrganizationId, id: RequestId, url: string) => Effect.Effect<boolean>
  }
>() {}

export class UsersStore extends Context.Tag("@dsar/http/UsersStore")<
  UsersStore,
  {
    readonly find: (
      organization_id: OrganizationId,
      organization_user_id: OrganizationUserId
    ) => Effect.Effect<Option.Option<User>>
    /**
     * Inserts the user unless the organisation has one with this `organization_user_id` already
     * (then the stored one stays): two first requests of one user may race, and both must land.
     */
    readonly insertIfAbsent: (user: User) => Effect.Effect<void>
  }
>() {}

/** A link as stored: the resource without its `url` (which carries the token), plus the token's hash. */
export const StoredLink = Schema.Struct({
  ...Link.omit("url").fields,
  token_hash: Schema.String,
  renewed_at: Schema.NullOr(Timestamp)
}).annotations({ identifier: "StoredLink" })
export type StoredLink = typeof StoredLink.Type

export class LinksStore extends Context.Tag("@dsar/http/LinksStore")<
  LinksStore,
  {
    readonly insert: (link: StoredLink) => Effect.Effect<void>
    readonly findByTokenHash: (token_hash: string) => Effect.Effect<Option.Option<StoredLink>>
    /** Compare-and-set on `used_at IS NULL`: `true` for the one caller that consumed the link. */
    readonly markUsed: (id: LinkId, at: Date) => Effect.Effect<boolean>
    /** Compare-and-set on `renewed_at IS NULL`: `true` for the one caller that renewed the link. */
    readonly markRenewed: (id: LinkId, at: Date) => Effect.Effect<boolean>
  }
>() {}

export class NotesStore extends Context.Tag("@dsar/http/NotesStore")<
  NotesStore,
  {
    readonly insert: (note: Note) => Effect.Effect<void>
    /** Oldest first. */
    readonly listByRequest: (
      organization_id: OrganizationId,
      request_id: RequestId
    ) => Effect.Effect<ReadonlyArray<Note>>
  }
>() {}

/**
 * The append-only history, kept as one hash chain per organisation (see `chainEntry`): appending
 * links the entry to the organisation's head, both written in the caller's transaction, and two
 * appends of one organisation never read the same head (the stores serialise them), so the chain
 * never forks.
 */
export class HistoryStore extends Context.Tag("@dsar/http/HistoryStore")<
  HistoryStore,
  {
    /** Chains the entry after the organisation's head, with `HistoryDigest`, and answers it as stored. */
    readonly append: (entry: HistoryEntry) => Effect.Effect<HistoryRecord>
    /** Oldest first. */
    readonly listByRequest: (
      organization_id: OrganizationId,
      request_id: RequestId
    ) => Effect.Effect<ReadonlyArray<HistoryRecord>>
    /** The organisation's entries in append order: at most `limit`, after the first `skip`. */
    readonly chain: (
      organization_id: OrganizationId,
      skip: number,
      limit: number
    ) => Effect.Effect<ReadonlyArray<HistoryRecord>>
    /** The organisation's head as recorded on each append; none before its first entry. */
    readonly head: (organization_id: OrganizationId) => Effect.Effect<Option.Option<ChainHead>>
    /** Every organisation with a recorded head or an entry, in id order. */
    readonly organizations: Effect.Effect<ReadonlyArray<OrganizationId>>
  }
>() {}

/** An API key: the public `key` and a slow hash of its secret, never the secret. */
export const ApiKey = Schema.Struct({
  key: Schema.String,
  organization_id: OrganizationId,
  secret_hash: Schema.String,
  created_at: Timestamp,
  /** What the administrators call it, when they named it. */
  label: Schema.optionalWith(ApiKeyLabel, { nullable: true }),
  /** Set once the key is revoked: it opens no session, and its sessions are refused. */
  revoked_at: Schema.optionalWith(Timestamp, { nullable: true })
}).annotations({ identifier: "ApiKey" })
export type ApiKey = typeof ApiKey.Type

/** Another organisation holds the slug a settings change gives: nothing was changed. */
export class SlugTaken extends Data.TaggedError("SlugTaken")<{ readonly slug: string }> {}

export class OrganizationsStore extends Context.Tag("@dsar/http/OrganizationsStore")<
  OrganizationsStore,
  {
    readonly insert: (organization: Organization, key: ApiKey) => Effect.Effect<void>
    readonly findById: (id: OrganizationId) => Effect.Effect<Option.Option<Organization>>
    readonly findKey: (key: string) => Effect.Effect<Option.Option<ApiKey>>
    readonly count: Effect.Effect<number>
    /** The organisation whose settings hold this slug (as stored: lower case). */
    readonly findBySlug: (slug: string) => Effect.Effect<Option.Option<Organization>>
    /**
     * Replaces the organisation's settings; false when there is no such organisation. A slug
     * another organisation holds fails it, even when both write at once.
     */
    readonly updateSettings: (
      id: OrganizationId,
      settings: OrganizationSettings
    ) => Effect.Effect<boolean, SlugTaken>
    /** Replaces the hosts the organisation's links may redirect to; false when there is no such organisation. */
    readonly updateRedirectDomains: (id: OrganizationId, domains: ReadonlyArray<string>) => Effect.Effect<boolean>
    /** Another key for an existing organisation. */
    readonly insertKey: (key: ApiKey) => Effect.Effect<void>
    /** The organisation's keys, revoked ones included, oldest first. */
    readonly listKeys: (organization_id: OrganizationId) => Effect.Effect<ReadonlyArray<ApiKey>>
    /** Marks the organisation's key revoked at `at`; false when it has no such key or it was revoked already. */
    readonly revokeKey: (organization_id: OrganizationId, key: string, at: Date) => Effect.Effect<boolean>
    /**
     * Remembers that the session whose token has this digest was ended, until the token would have
     * expired anyway (rows past their expiry may be dropped then).
     */
    readonly endSession: (token_digest: string, expires_at: Date) => Effect.Effect<void>
    readonly sessionEnded: (token_digest: string) => Effect.Effect<boolean>
  }
>() {}

/** An organisation's own wording of one type of email in one language, in place of the built-in one. */
export const StoredEmailTemplate = Schema.Struct({
  organization_id: OrganizationId,
  type: Schema.String,
  language: Language,
  subject: Schema.String,
  text: Schema.String,
  html: Schema.String,
  updated_at: Timestamp
}).annotations({ identifier: "StoredEmailTemplate" })
export type StoredEmailTemplate = typeof StoredEmailTemplate.Type

export class EmailTemplatesStore extends Context.Tag("@dsar/http/EmailTemplatesStore")<
  EmailTemplatesStore,
  {
    /** The organisation's templates, by type then language. */
    readonly list: (organization_id: OrganizationId) => Effect.Effect<ReadonlyArray<StoredEmailTemplate>>
    /** Stores the template, replacing the organisation's one of that type and language. */
    readonly put: (template: StoredEmailTemplate) => Effect.Effect<void>
    /** Removes the organisation's template of that type and language; false when it had none. */
    readonly remove: (organization_id: OrganizationId, type: string, language: Language) => Effect.Effect<boolean>
  }
>() {}

/** A closed request a retention period has run out for, as `ErasureStore.expired` lists it. */
export interface ExpiredRequest {
  readonly organization_id: OrganizationId
  readonly id: RequestId
  readonly status: Status
  readonly updated_at: Date
}

/**
 * What erasing a request's personal data needs beyond rewriting the request itself (which
 * `RequestsStore.update` does): removing what hangs off it, and making the removed bytes
 * unreadable from the database's files.
 */
export class ErasureStore extends Context.Tag("@dsar/http/ErasureStore")<
  ErasureStore,
  {
    /**
     * Deletes the request's notes, links and outbox rows (delivered ones too), rewrites each of its
     * history entries' changes with `redact`, and deletes the user `organization_user_id` of the
     * organisation when no request of theirs remains. Runs in the caller's transaction.
     */
    readonly eraseDependents: (
      organization_id: OrganizationId,
      request_id: RequestId,
      organization_user_id: OrganizationUserId,
      redact: (change: FieldChange) => FieldChange
    ) => Effect.Effect<void>
    /**
     * Requests of every organisation in one of `statuses`, not erased, last changed before
     * `before`: oldest change first, at most `limit`.
     */
    readonly expired: (
      statuses: ReadonlyArray<Status>,
      before: Date,
      limit: number
    ) => Effect.Effect<ReadonlyArray<ExpiredRequest>>
    /**
     * After erasures committed: leaves none of the erased bytes in the database's files (SQLite:
     * deleted content is overwritten, and the write-ahead log is checkpointed and truncated;
     * PostgreSQL: the tables are rewritten). Outside any transaction.
     */
    readonly scrub: Effect.Effect<void>
  }
>() {}

/** Runs an effect as one transaction: every write in it lands, or none does. */
export class Transactor extends Context.Tag("@dsar/http/Transactor")<
  Transactor,
  { readonly withTransaction: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R> }
>() {}
