import type { Digest, OrganizationId } from "@dsar/domain"
import { Context, type Effect, type Option } from "effect"

export class IdGenerator extends Context.Tag("@dsar/http/IdGenerator")<
  IdGenerator,
  {
    /** A new unique identifier, e.g. `req_...`. */
    readonly make: (prefix: string) => Effect.Effect<string>
    /** An unguessable token of at least 128 random bits, URL-safe. */
    readonly token: Effect.Effect<string>
  }
>() {}

export class SecretHasher extends Context.Tag("@dsar/http/SecretHasher")<
  SecretHasher,
  {
    /** A slow, salted hash of a low-entropy secret (API secrets). */
    readonly hash: (secret: string) => Effect.Effect<string>
    /** Compares in constant time. */
    readonly verify: (secret: string, hash: string) => Effect.Effect<boolean>
    /** A fast digest of a high-entropy token (link tokens), so the token itself is never stored. */
    readonly digest: (token: string) => string
  }
>() {}

export interface SessionClaims {
  /** Unique to one login, so that two sessions opened in the same millisecond have distinct tokens. */
  readonly session_id: string
  readonly organization_id: OrganizationId
  readonly key: string
  readonly expires_at: Date
}

export class TokenSigner extends Context.Tag("@dsar/http/TokenSigner")<
  TokenSigner,
  {
    readonly sign: (claims: SessionClaims) => Effect.Effect<string>
    /** The claims of a token this signer issued, whether expired or not; `None` if forged or malformed. */
    readonly verify: (token: string) => Effect.Effect<Option.Option<SessionClaims>>
  }
>() {}

/** What a privacy form's token says: the form of this organisation, issued for use until `expires_at`. */
export interface FormClaims {
  readonly organization_id: OrganizationId
  readonly expires_at: Date
}

/**
 * Signs the tokens the privacy form carries against CSRF: keyed by the session key under a purpose
 * of its own, so a form token never passes for a session token, nor the reverse.
 */
export class FormTokenSigner extends Context.Tag("@dsar/http/FormTokenSigner")<
  FormTokenSigner,
  {
    readonly sign: (claims: FormClaims) => Effect.Effect<string>
    /** The claims of a token this signer issued, whether expired or not; `None` if forged or malformed. */
    readonly verify: (token: string) => Effect.Effect<Option.Option<FormClaims>>
  }
>() {}

/** The hash history entries are chained with (SHA-256): the stores append with it, verification recomputes it. */
export class HistoryDigest
  extends Context.Tag("@dsar/http/HistoryDigest")<HistoryDigest, { readonly digest: Digest }>()
{}
