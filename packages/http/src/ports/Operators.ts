import type { Operator, OperatorRole } from "@dsar/domain"
import { OperatorId, OrganizationId, Timestamp } from "@dsar/domain"
import { Context, type Effect, type Option, Schema } from "effect"

/** What a sign-in link and a console session both keep: the digest of their token, whom it is for, until when. */
const StoredOperatorToken = {
  id: Schema.String,
  organization_id: OrganizationId,
  operator_id: OperatorId,
  token_hash: Schema.String,
  created_at: Timestamp,
  expires_at: Timestamp
}

/**
 * A sign-in link as stored: the digest of its token (never the token, as for approval links),
 * whom it signs in, until when, and when it was used (once).
 */
export const StoredSignInLink = Schema.Struct({
  ...StoredOperatorToken,
  used_at: Schema.NullOr(Timestamp)
}).annotations({ identifier: "StoredSignInLink" })
export type StoredSignInLink = typeof StoredSignInLink.Type

/** A console session as stored: the digest of its cookie's token, its operator, its end. */
export const StoredConsoleSession = Schema.Struct({
  ...StoredOperatorToken,
  revoked_at: Schema.NullOr(Timestamp)
}).annotations({ identifier: "StoredConsoleSession" })
export type StoredConsoleSession = typeof StoredConsoleSession.Type

/**
 * Operators, their sign-in links and their console sessions. Every read and write of an operator
 * is scoped to its organisation; links and sessions are found by their token's digest only.
 */
/**
 * What a change of role or a removal did. The check that another admin remains and the change are
 * one atomic step of the store: two admins demoting each other at once leave one of them admin.
 */
export type OperatorChange = "changed" | "not-found" | "last-admin"

export class OperatorsStore extends Context.Tag("@dsar/http/OperatorsStore")<
  OperatorsStore,
  {
    /** Dies when the organisation has an operator with this email already (the service checks first). */
    readonly insert: (operator: Operator) => Effect.Effect<void>
    readonly find: (organization_id: OrganizationId, id: OperatorId) => Effect.Effect<Option.Option<Operator>>
    readonly findByEmail: (
      organization_id: OrganizationId,
      email: string
    ) => Effect.Effect<Option.Option<Operator>>
    /** Every organisation's operator with this email (one person may be in several teams). */
    readonly findEverywhereByEmail: (email: string) => Effect.Effect<ReadonlyArray<Operator>>
    /** Oldest first. */
    readonly list: (organization_id: OrganizationId) => Effect.Effect<ReadonlyArray<Operator>>
    /** Gives the operator another role, unless that leaves its organisation without an admin (`OperatorChange`). */
    readonly setRole: (
      organization_id: OrganizationId,
      id: OperatorId,
      role: OperatorRole,
      at: Date
    ) => Effect.Effect<OperatorChange>
    /** Removes the operator with its links and sessions, unless it is its organisation's last admin. */
    readonly remove: (organization_id: OrganizationId, id: OperatorId) => Effect.Effect<OperatorChange>

    readonly insertSignInLink: (link: StoredSignInLink) => Effect.Effect<void>
    /**
     * Compare-and-set: marks the link with this token digest used, when it is unused and not
     * expired at `at`; the link for the one caller that did, none otherwise.
     */
    readonly consumeSignInLink: (token_hash: string, at: Date) => Effect.Effect<Option.Option<StoredSignInLink>>

    readonly insertSession: (session: StoredConsoleSession) => Effect.Effect<void>
    /** The session with this token digest, unless it is revoked or expired at `at`. */
    readonly findSession: (token_hash: string, at: Date) => Effect.Effect<Option.Option<StoredConsoleSession>>
    /** Revokes one session (by id) or every session of an operator; answers how many it revoked. */
    readonly revokeSessions: (
      organization_id: OrganizationId,
      which: { readonly session_id: string } | { readonly operator_id: OperatorId },
      at: Date
    ) => Effect.Effect<number>
  }
>() {}
