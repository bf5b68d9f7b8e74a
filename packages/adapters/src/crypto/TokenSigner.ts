import { OrganizationId } from "@dsar/domain"
import { FormTokenSigner, TokenSigner } from "@dsar/http"
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

/** A privacy form's claims as its token carries them: `{ org, exp }`, `exp` in epoch milliseconds. */
const FormClaims = Schema.Struct({
  organization_id: Schema.propertySignature(OrganizationId).pipe(Schema.fromKey("org")),
  expires_at: Schema.propertySignature(Schema.DateFromNumber.pipe(Schema.validDate())).pipe(Schema.fromKey("exp"))
})
const FormPayload = Schema.compose(Schema.StringFromBase64Url, Schema.parseJson(FormClaims))
const encodeFormPayload = Schema.encode(FormPayload)
const decodeFormPayload = Schema.decodeOption(FormPayload)

/**
 * The purpose the form tokens' key is derived under (HMAC of the session key over this label):
 * their signatures are made with another key than sessions', so neither token passes for the other.
 */
const FORM_PURPOSE = "dsar/privacy-form-token/v1"

type Signature = (payload: string) => string

const hmac = (key: Uint8Array): Signature => (payload) => createHmac("sha256", key).update(payload).digest("base64url")

/** The payload of `payload.signature` when the signature is this key's; compared as text, so another encoding of the same bytes is refused too. */
const signedPayload = (signature: Signature, token: string): Option.Option<string> => {
  const [payload, given, ...rest] = token.split(".")
  if (payload === undefined || given === undefined || rest.length > 0) return Option.none()
  const expected = Buffer.from(signature(payload))
  const received = Buffer.from(given)
  return expected.length === received.length && timingSafeEqual(expected, received)
    ? Option.some(payload)
    : Option.none()
}

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
  const signature = hmac(Redacted.value(key))
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
        const claims = Option.flatMap(signedPayload(signature, token), decodePayload)
        if (Option.isSome(claims)) remember(token, claims.value)
        return claims
      })
  }
}

/** The privacy form's tokens `payload.signature`, as sessions' but under a key derived for that purpose alone. */
export const makeForm = (key: Redacted.Redacted<Uint8Array>): Context.Tag.Service<typeof FormTokenSigner> => {
  const signature = hmac(createHmac("sha256", Redacted.value(key)).update(FORM_PURPOSE).digest())
  return {
    sign: (claims) =>
      Effect.map(Effect.orDie(encodeFormPayload(claims)), (payload) => `${payload}.${signature(payload)}`),
    verify: (token) => Effect.sync(() => Option.flatMap(signedPayload(signature, token), decodeFormPayload))
  }
}

const longEnough = (key: Redacted.Redacted<Uint8Array>) =>
  Redacted.value(key).length < MIN_KEY_BYTES
    ? Effect.dieMessage(`The session signing key must be at least ${MIN_KEY_BYTES} bytes`)
    : Effect.void

/** Both signers on one key (sessions' and the privacy form's); dies at construction when the key is shorter than {@link MIN_KEY_BYTES}. */
export const layer = (key: Redacted.Redacted<Uint8Array>) =>
  Layer.merge(
    Layer.effect(TokenSigner, Effect.as(longEnough(key), make(key))),
    Layer.effect(FormTokenSigner, Effect.as(longEnough(key), makeForm(key)))
  )
