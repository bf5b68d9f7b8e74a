import { decodeInput, type Operator, OperatorEmail, OperatorId, OperatorRole, type OrganizationId } from "@dsar/domain"
import { Duration, Effect, Either, Option, Schema } from "effect"
import { Conflict, fromDomainError, notFound } from "../ApiErrors.js"
import { IdGenerator, SecretHasher } from "../ports/Crypto.js"
import { type OperatorChange, OperatorsStore, type StoredConsoleSession } from "../ports/Operators.js"
import { OrganizationsService } from "../services/Organizations.js"
import { Settings } from "../Settings.js"
import { currentDate } from "../Time.js"

/** How long a sign-in link may be used: long enough to open the email, short enough to not lie around. */
export const SignInLinkTtl = Duration.minutes(15)
/** How long a console session lasts before signing in again: a working day. */
export const ConsoleSessionTtl = Duration.hours(8)

/** Where sign-in links point: `/console/sign-in/<token>`. */
export const SignInPath = "/console/sign-in"
export const signInUrl = (publicBaseUrl: string, token: string) =>
  `${publicBaseUrl.replace(/\/+$/, "")}${SignInPath}/${token}`

/** A session found from its cookie, with its operator as stored now (a changed role applies at once). */
export interface ConsoleSession {
  readonly session: StoredConsoleSession
  readonly operator: Operator
  /** Derived from the cookie's token: only its holder (the browser) can put it in a form. */
  readonly csrf_token: string
}

const NewOperator = Schema.Struct({ email: OperatorEmail, role: OperatorRole })

/**
 * Operators of an organisation's privacy team, their sign-in links and console sessions. Tokens
 * (links and cookies) are random, shown once, and kept as their digest only, as approval links.
 */
export class OperatorsService extends Effect.Service<OperatorsService>()("@dsar/http/OperatorsService", {
  effect: Effect.gen(function*() {
    const store = yield* OperatorsStore
    const organizations = yield* OrganizationsService
    const ids = yield* IdGenerator
    const hasher = yield* SecretHasher
    const settings = yield* Settings

    const get = (organization_id: OrganizationId, id: OperatorId) =>
      Effect.flatMap(
        store.find(organization_id, id),
        Option.match({
          onNone: () => Effect.fail(notFound("operator", id)),
          onSome: Effect.succeed
        })
      )

    /** A fresh single-use link signing `operator` in; its URL carries the only copy of the token. */
    const issueSignInLink = (operator: Operator) =>
      Effect.gen(function*() {
        const now = yield* currentDate
        const token = yield* ids.token
        const expires_at = new Date(now.getTime() + Duration.toMillis(SignInLinkTtl))
        yield* store.insertSignInLink({
          id: yield* ids.make("sil"),
          organization_id: operator.organization_id,
          operator_id: operator.id,
          token_hash: hasher.digest(token),
          created_at: now,
          expires_at,
          used_at: null
        })
        return { url: signInUrl(settings.publicBaseUrl, token), expires_at }
      })

    /** Adds an operator (one per email in an organisation) and answers it with its first sign-in link. */
    const add = (organization_id: OrganizationId, input: { readonly email: string; readonly role: string }) =>
      Effect.gen(function*() {
        yield* organizations.get(organization_id)
        const valid = yield* Either.mapLeft(decodeInput(NewOperator)(input), fromDomainError)
        if (Option.isSome(yield* store.findByEmail(organization_id, valid.email))) {
          return yield* Effect.fail(
            new Conflict({
              message: `The organisation has an operator with email ${valid.email} already`,
              errors: [{ path: "email", message: "is an operator of this organisation already" }]
            })
          )
        }
        const now = yield* currentDate
        const operator: Operator = {
          id: OperatorId.make(yield* ids.make("op")),
          organization_id,
          ...valid,
          created_at: now,
          updated_at: now
        }
        yield* store.insert(operator)
        return { operator, sign_in: yield* issueSignInLink(operator) }
      })

    const list = (organization_id: OrganizationId) =>
      Effect.zipRight(organizations.get(organization_id), store.list(organization_id))

    /**
     * What the store did, as the service answers it. The store refuses to take the admin role from
     * an organisation's only admin (a change of role or a removal), in the same atomic step as
     * the change: no one could manage its operators, keys or settings from the console then.
     */
    const changed = (organization_id: OrganizationId, id: OperatorId, change: Effect.Effect<OperatorChange>) =>
      Effect.gen(function*() {
        const operator = yield* get(organization_id, id)
        const outcome = yield* change
        if (outcome === "not-found") return yield* Effect.fail(notFound("operator", id))
        if (outcome === "last-admin") {
          return yield* Effect.fail(
            new Conflict({
              message:
                `${operator.email} is the organisation's last admin: make another operator an admin first, then change or remove this one`,
              errors: [{ path: "role", message: "the organisation's last admin" }]
            })
          )
        }
      })

    /** Gives the operator another role; the last admin keeps theirs. */
    const setRole = (organization_id: OrganizationId, id: OperatorId, role: string) =>
      Effect.gen(function*() {
        const valid = yield* Either.mapLeft(decodeInput(OperatorRole)(role), fromDomainError)
        yield* changed(
          organization_id,
          id,
          Effect.flatMap(currentDate, (at) => store.setRole(organization_id, id, valid, at))
        )
        return yield* get(organization_id, id)
      })

    /** Removes the operator: its sessions end and its links stop working at once. The last admin stays. */
    const remove = (organization_id: OrganizationId, id: OperatorId) =>
      changed(organization_id, id, store.remove(organization_id, id))

    /** Ends every session of the operator; answers how many were open. */
    const revokeSessions = (organization_id: OrganizationId, id: OperatorId) =>
      Effect.zipRight(
        get(organization_id, id),
        Effect.flatMap(currentDate, (at) => store.revokeSessions(organization_id, { operator_id: id }, at))
      )

    /** Consumes a sign-in link: a new session and its cookie token, or none (unknown, used, expired). */
    const signIn = (token: string) =>
      Effect.gen(function*() {
        const now = yield* currentDate
        const link = yield* store.consumeSignInLink(hasher.digest(token), now)
        if (Option.isNone(link)) return Option.none()
        const sessionToken = yield* ids.token
        const session: StoredConsoleSession = {
          id: yield* ids.make("cs"),
          organization_id: link.value.organization_id,
          operator_id: link.value.operator_id,
          token_hash: hasher.digest(sessionToken),
          created_at: now,
          expires_at: new Date(now.getTime() + Duration.toMillis(ConsoleSessionTtl)),
          revoked_at: null
        }
        yield* store.insertSession(session)
        return Option.some({ token: sessionToken, session })
      })

    /** The session a cookie's token opens, with its operator; none once revoked, expired or removed. */
    const session = (token: string) =>
      Effect.gen(function*() {
        const found = yield* store.findSession(hasher.digest(token), yield* currentDate)
        if (Option.isNone(found)) return Option.none<ConsoleSession>()
        const operator = yield* store.find(found.value.organization_id, found.value.operator_id)
        return Option.map(operator, (operator): ConsoleSession => ({
          session: found.value,
          operator,
          csrf_token: hasher.digest(`csrf:${token}`)
        }))
      })

    const signOut = (organization_id: OrganizationId, session_id: string) =>
      Effect.flatMap(currentDate, (at) => store.revokeSessions(organization_id, { session_id }, at))

    return { add, get, list, setRole, remove, revokeSessions, issueSignInLink, signIn, session, signOut } as const
  })
}) {}
