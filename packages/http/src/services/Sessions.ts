import type { CreateSession, Session } from "@dsar/domain"
import { Clock, Duration, Effect, Layer, Option, Redacted } from "effect"
import { NotAuthenticated } from "../ApiErrors.js"
import { Authentication } from "../Authentication.js"
import { SecretHasher, TokenSigner } from "../ports/Crypto.js"
import { OrganizationsStore } from "../ports/Stores.js"
import { Settings } from "../Settings.js"

const refused = (message: string) => new NotAuthenticated({ message, errors: [{ path: "authorization", message }] })

// Hashed once so that an unknown key costs the same scrypt work as a wrong secret.
const UNKNOWN_KEY_SECRET = "unknown-key"

export class SessionsService extends Effect.Service<SessionsService>()("@dsar/http/SessionsService", {
  effect: Effect.gen(function* () {
    const organizations = yield* OrganizationsStore
    const hasher = yield* SecretHasher
    const signer = yield* TokenSigner
    const settings = yield* Settings
    const decoyHash = yield* hasher.hash(UNKNOWN_KEY_SECRET)

    const create = (input: CreateSession): Effect.Effect<Session, NotAuthenticated> =>
      Effect.gen(function* () {
        const apiKey = yield* organizations.findKey(input.key)
        const valid = yield* hasher.verify(
          input.secret,
          Option.match(apiKey, { onNone: () => decoyHash, onSome: (k) => k.secret_hash })
        )
        if (Option.isNone(apiKey) || !valid) return yield* Effect.fail(refused("Invalid API key or secret"))
        const now = yield* Clock.currentTimeMillis
        const access_token = yield* signer.sign({
          organization_id: apiKey.value.organization_id,
          key: apiKey.value.key,
          expires_at: new Date(now + Duration.toMillis(settings.sessionTtl))
        })
        return { access_token }
      })

    /** The session a bearer token stands for, if it is genuine and not expired. */
    const authenticate = (token: string) =>
      Effect.gen(function* () {
        if (token === "") return yield* Effect.fail(refused("Missing bearer token: send Authorization: Bearer <access_token>"))
        const claims = yield* signer.verify(token)
        if (Option.isNone(claims)) return yield* Effect.fail(refused("Invalid access token"))
        if ((yield* Clock.currentTimeMillis) >= claims.value.expires_at.getTime()) {
          return yield* Effect.fail(refused("Session expired: open a new one with POST /sessions"))
        }
        return { organization_id: claims.value.organization_id, key: claims.value.key }
      })

    return { create, authenticate } as const
  })
}) {}

export const AuthenticationLive = Layer.effect(
  Authentication,
  Effect.map(SessionsService, (sessions) => ({
    bearer: (token: Redacted.Redacted) => sessions.authenticate(Redacted.value(token))
  }))
)
