import { OrganizationId, RequestId, Timestamp } from "@dsar/domain"
import { Context, type Effect, Schema } from "effect"

/** An unverified request a follow-up may be due for, as `UnverifiedStore` lists it. */
export const UnverifiedRequest = Schema.Struct({
  organization_id: OrganizationId,
  id: RequestId,
  created_at: Timestamp
}).annotations({ identifier: "UnverifiedRequest" })
export type UnverifiedRequest = typeof UnverifiedRequest.Type

/**
 * What the unverified sweep (`services/Unverified.ts`) needs of storage: the requests of every
 * organisation still waiting for their requester's confirmation, and which were reminded.
 */
export class UnverifiedStore extends Context.Tag("@dsar/http/UnverifiedStore")<
  UnverifiedStore,
  {
    /**
     * Requests of every organisation in status `unverified`, not erased, received (`created_at`)
     * at or before `before`, oldest first (then by id), at most `limit`.
     */
    readonly dueForClosing: (before: Date, limit: number) => Effect.Effect<ReadonlyArray<UnverifiedRequest>>
    /** As `dueForClosing`, of those received after `after` and never reminded (`markReminded`). */
    readonly dueForReminder: (
      range: { readonly after: Date; readonly before: Date },
      limit: number
    ) => Effect.Effect<ReadonlyArray<UnverifiedRequest>>
    /**
     * Records that the request of the organisation was reminded, in the caller's transaction; false
     * when it was already (once per request) or no such request exists: of sweeps racing, one reminds.
     */
    readonly markReminded: (
      organization_id: OrganizationId,
      request_id: RequestId,
      at: Date
    ) => Effect.Effect<boolean>
  }
>() {}
