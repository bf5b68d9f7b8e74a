import { OrganizationId } from "@dsar/domain"
import { TokenSigner } from "@dsar/http"
import { type Context, Effect, Layer, Option, Redacted, Schema } from "effect"
import { createHmac, timingSafeEqual } from "node:crypto"

/** The claims as the token carries them: `{ sid, org, key, exp }`, `exp` in epoch milliseconds. */
const Claims = Schema.Struct({
  session_id: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("sid")),
  organization_id: Schema.propertySignature(OrganizationId).pipe(Schema.fromKey("org")),
  key: Schema.String,
  expires_at: Schema.propertySignature(Schema.DateFromNumber.pipe(Schema.validDate())).pipe(Schema.fromKey("exp"))
})

const Payload = Schema.compose(Schema.StringFromBase64Url, Schema.parseJson(Claims))
const encodePayload = Schema.encode(Payload)
const decodePayload = Schema.decodeOption(Payload)

/** Below the output size of SHA-256 an HMAC key weakens the signature (RFC 2104, section 3). */
export const MIN_KEY_BYTES = 32

/** How many verified tokens are remembered: more than the sessions a server sees at once. */
export const VERIFIED_KEPT = 1_000

/**
 * Session tokens `payload.signature`: a base64url JSON payload and its HMAC-SHA256, base64url.
 * A session sends its token with every request, and checking it (an HMAC, then decoding the
 * payload) was a tenth of a GET's CPU: the claims of the last tokens verified are remembered. What
 * a token verifies to depends on the token and the key alone; expiry is the caller's to judge.
 */
export const make = (key: Redacted.Redacted<Uint8Array>): Context.Tag.Service<typeof TokenSigner> => {
  const signature = (payload: string) => createHmac("sha256", Redacted.value(key)).update(payload).digest("base64url")
  const verified = new Map<string, typeof Claims.Type>()
  const remember = (token: string, claims: typeof Claims.Type) => {
    if (verified.size >= VERIFIED_KEPT) verified.delete(verified.keys().next().value!)
    verified.set(token, claims)
  }
  return {
    sign: (claims) => Effect.map(Effect.orDie(encodePayload(claims)), (payload) => `${payload}.${signature(payload)}`),

    verify: (token) =>
      Effect.sync(() => {
        const known = verified.get(token)
        if (known !== undefined) return Option.some(known)
        const [payload, given, ...rest] = token.split(".")
        if (payload === undefined || given === undefined || rest.length > 0) return Option.none()
        // Compared as text, so a signature with another encoding of the same bytes is refused too.
        const expected = Buffer.from(signature(payload))
        const received = Buffer.from(given)
        const claims = expected.length === received.length && timingSafeEqual(expected, received)
          ? decodePayload(payload)
          : Option.none()
        if (Option.isSome(claims)) remember(token, claims.value)
        return claims
      })
  }
}

/** Dies at construction when the key is shorter than {@link MIN_KEY_BYTES}. */
export const layer = (key: Redacted.Redacted<Uint8Array>) =>
  Layer.effect(
    TokenSigner,
    Effect.suspend(() =>
      Redacted.value(key).length < MIN_KEY_BYTES
        ? Effect.dieMessage(`The session signing key must be at least ${MIN_KEY_BYTES} bytes`)
        : Effect.succeed(make(key))
    )
  )
