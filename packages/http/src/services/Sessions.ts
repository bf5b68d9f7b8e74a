import type { CreateSession, Session } from "@dsar/domain"
import { Clock, Duration, Effect, Layer, Option, Redacted } from "effect"
import { NotAuthenticated } from "../ApiErrors.js"
import { Authentication } from "../Authentication.js"
import { IdGenerator, SecretHasher, TokenSigner } from "../ports/Crypto.js"
import { OrganizationsStore } from "../ports/Stores.js"
import { Settings } from "../Settings.js"
import { defaultLoginLimits, makeLoginLimiter } from "./LoginLimiter.js"

// A token's refusal points at the header that carried it; a login's at the secret, whether the
// secret or the key was wrong, so that the answer does not tell which.
const refused = (message: string, path = "authorization") =>
  new NotAuthenticated({ message, errors: [{ path, message }] })

// Hashed once so that an unknown key costs the same scrypt work as a wrong secret.
const UNKNOWN_KEY_SECRET = "unknown-key"

/**
 * How long a server trusts what it last read of a key (revoked or not) and of a session (ended or
 * not): a key revoked or a session ended on another server sharing the database is refused here
 * within this, plus one read of the store. A request within it costs no read at all, which keeps
 * a GET as cheap as the token cache made it.
 */
export const REVOCATION_RECHECK = Duration.seconds(2)

/** Verdicts remembered, at most: more than the keys and sessions a server sees within a recheck. */
const VERDICTS_KEPT = 10_000

interface Verdict {
  readonly at: number
  readonly live: boolean
}

const verdicts = () => {
  const kept = new Map<string, Verdict>()
  const recheckMillis = Duration.toMillis(REVOCATION_RECHECK)
  return {
    fresh: (id: string, now: number) => {
      const verdict = kept.get(id)
      return verdict !== undefined && now - verdict.at < recheckMillis ? Option.some(verdict.live) : Option.none()
    },
    remember: (id: string, verdict: Verdict) => {
      kept.delete(id)
      if (kept.size >= VERDICTS_KEPT) kept.delete(kept.keys().next().value!)
      kept.set(id, verdict)
    }
  }
}

export class SessionsService extends Effect.Service<SessionsService>()("@dsar/http/SessionsService", {
  effect: Effect.gen(function*() {
    const organizations = yield* OrganizationsStore
    const hasher = yield* SecretHasher
    const ids = yield* IdGenerator
    const signer = yield* TokenSigner
    const settings = yield* Settings
    const decoyHash = yield* hasher.hash(UNKNOWN_KEY_SECRET)
    const limiter = yield* makeLoginLimiter(settings.loginLimits ?? defaultLoginLimits)
    const keys = verdicts()
    const sessions = verdicts()

    const check = (input: CreateSession) =>
      Effect.gen(function*() {
        const apiKey = Option.filter(yield* organizations.findKey(input.key), (key) => key.revoked_at === undefined)
        const valid = yield* hasher.verify(
          input.secret,
          Option.match(apiKey, { onNone: () => decoyHash, onSome: (k) => k.secret_hash })
        )
        return valid ? apiKey : Option.none()
      })

    /**
     * Trades a key and secret for a token. `client` is the caller's address: refused logins are
     * counted per address and per key, and a login over a limit is refused before any hashing.
     */
    const create = (input: CreateSession, client: string) =>
      Effect.gen(function*() {
        const apiKey = yield* limiter.guard(client, input.key, check(input), Option.isSome)
        if (Option.isNone(apiKey)) return yield* Effect.fail(refused("Invalid API key or secret", "secret"))
        const now = yield* Clock.currentTimeMillis
        const access_token = yield* signer.sign({
          session_id: yield* ids.make("ses"),
          organization_id: apiKey.value.organization_id,
          key: apiKey.value.key,
          expires_at: new Date(now + Duration.toMillis(settings.sessionTtl))
        })
        return { access_token } satisfies Session
      })

    const keyLive = (key: string, now: number) =>
      Option.match(keys.fresh(key, now), {
        onSome: Effect.succeed,
        onNone: () =>
          Effect.map(organizations.findKey(key), (found) => {
            const live = Option.isSome(found) && found.value.revoked_at === undefined
            keys.remember(key, { at: now, live })
            return live
          })
      })

    const sessionLive = (token: string, now: number) =>
      Option.match(sessions.fresh(token, now), {
        onSome: Effect.succeed,
        onNone: () =>
          Effect.map(organizations.sessionEnded(hasher.digest(token)), (ended) => {
            sessions.remember(token, { at: now, live: !ended })
            return !ended
          })
      })

    /** The session a bearer token stands for: genuine, not expired, not ended, its key not revoked. */
    const authenticate = (token: string) =>
      Effect.gen(function*() {
        if (token === "") {
          return yield* Effect.fail(refused("Missing bearer token: send Authorization: Bearer <access_token>"))
        }
        const claims = yield* signer.verify(token)
        if (Option.isNone(claims)) return yield* Effect.fail(refused("Invalid access token"))
        const now = yield* Clock.currentTimeMillis
        if (now >= claims.value.expires_at.getTime()) {
          return yield* Effect.fail(refused("Session expired: open a new one with POST /sessions"))
        }
        if (!(yield* keyLive(claims.value.key, now))) return yield* Effect.fail(refused("This API key was revoked"))
        if (!(yield* sessionLive(token, now))) {
          return yield* Effect.fail(refused("Session ended: open a new one with POST /sessions"))
        }
        return { organization_id: claims.value.organization_id, key: claims.value.key, token: Redacted.make(token) }
      })

    /**
     * Ends the session of `token` (already authenticated): refused from now on, here at once and,
     * within the recheck, on every server sharing the store.
     */
    const end = (token: Redacted.Redacted) =>
      Effect.gen(function*() {
        const value = Redacted.value(token)
        const claims = yield* signer.verify(value)
        if (Option.isNone(claims)) return
        yield* organizations.endSession(hasher.digest(value), claims.value.expires_at)
        sessions.remember(value, { at: yield* Clock.currentTimeMillis, live: false })
      })

    return { create, authenticate, end } as const
  })
}) {}

export const AuthenticationLive = Layer.effect(
  Authentication,
  Effect.map(SessionsService, (sessions) => ({
    bearer: (token: Redacted.Redacted) => sessions.authenticate(Redacted.value(token))
  }))
)
