import { OrganizationId } from "@dsar/domain"
import { type FormClaims, FormTokenSigner, type SessionClaims, TokenSigner } from "@dsar/http"
import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Exit, Option, Redacted } from "effect"
import { HmacTokenSigner } from "../../src/index.js"

const key = (fill: number) => Redacted.make(new Uint8Array(32).fill(fill))
const withSigner = <A, E>(effect: Effect.Effect<A, E, TokenSigner | FormTokenSigner>, signingKey = key(7)) =>
  Effect.provide(effect, HmacTokenSigner.layer(signingKey))

const claims: SessionClaims = {
  session_id: "ses_1",
  organization_id: OrganizationId.make("org_a"),
  key: "key_org_a",
  expires_at: new Date("2024-03-01T10:00:00.123Z")
}

const signed = Effect.flatMap(TokenSigner, (signer) => signer.sign(claims))

describe("HmacTokenSigner", () => {
  it.effect("verify returns the claims of a token it signed", () =>
    withSigner(
      Effect.gen(function*() {
        const token = yield* signed
        expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
        expect(yield* (yield* TokenSigner).verify(token)).toEqual(Option.some(claims))
      })
    ))

  it.effect("a token verified again gives the same claims, also after more other tokens than are remembered", () =>
    withSigner(
      Effect.gen(function*() {
        const signer = yield* TokenSigner
        const token = yield* signed
        expect(yield* signer.verify(token)).toEqual(Option.some(claims))
        expect(yield* signer.verify(token)).toEqual(Option.some(claims))
        for (let i = 0; i <= HmacTokenSigner.VERIFIED_KEPT; i++) {
          const other = { ...claims, key: `key_${i}` }
          expect(yield* signer.verify(yield* signer.sign(other))).toEqual(Option.some(other))
        }
        expect(yield* signer.verify(token)).toEqual(Option.some(claims))
      })
    ))

  it.effect("the payload is base64url JSON { sid, org, key, exp }", () =>
    withSigner(
      Effect.gen(function*() {
        const [payload] = (yield* signed).split(".")
        expect(JSON.parse(Buffer.from(payload!, "base64url").toString("utf8"))).toEqual({
          sid: "ses_1",
          org: "org_a",
          key: "key_org_a",
          exp: claims.expires_at.getTime()
        })
      })
    ))

  it.effect("an expired token still verifies: the caller judges expiry", () =>
    withSigner(
      Effect.gen(function*() {
        const signer = yield* TokenSigner
        const old = { ...claims, expires_at: new Date("2000-01-01T00:00:00.000Z") }
        expect(yield* signer.verify(yield* signer.sign(old))).toEqual(Option.some(old))
      })
    ))

  it.effect("a token with a changed payload is None", () =>
    withSigner(
      Effect.gen(function*() {
        const [, signature] = (yield* signed).split(".")
        const forged = Buffer.from(JSON.stringify({ org: "org_b", key: "key_org_a", exp: claims.expires_at.getTime() }))
          .toString("base64url")
        expect(yield* (yield* TokenSigner).verify(`${forged}.${signature}`)).toEqual(Option.none())
      })
    ))

  it.effect("a token with any character of its signature changed is None, even once the genuine one was verified", () =>
    withSigner(
      Effect.gen(function*() {
        const token = yield* signed
        const signer = yield* TokenSigner
        expect(yield* signer.verify(token)).toEqual(Option.some(claims))
        const start = token.indexOf(".") + 1
        for (let i = start; i < token.length; i++) {
          const swapped = token[i] === "A" ? "B" : "A"
          expect(yield* signer.verify(token.slice(0, i) + swapped + token.slice(i + 1))).toEqual(Option.none())
        }
      })
    ))

  it.effect("a token signed with another key is None", () =>
    Effect.gen(function*() {
      const token = yield* withSigner(signed, key(8))
      expect(yield* withSigner(Effect.flatMap(TokenSigner, (signer) => signer.verify(token)))).toEqual(Option.none())
    }))

  it.effect.each(["", "abc", "a.b", "a.b.c", ".", "e30.AAAA"])("a malformed token (%s) is None", (token) =>
    withSigner(
      Effect.gen(function*() {
        expect(yield* (yield* TokenSigner).verify(token)).toEqual(Option.none())
      })
    ))

  it.effect("a signing key shorter than 32 bytes is refused when the layer is built", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(withSigner(signed, Redacted.make(new Uint8Array(16))))
      expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
    }))
})

describe("HmacTokenSigner's privacy form tokens", () => {
  const form: FormClaims = {
    organization_id: OrganizationId.make("org_a"),
    expires_at: new Date("2024-03-01T10:00:00Z")
  }
  const signedForm = Effect.flatMap(FormTokenSigner, (signer) => signer.sign(form))

  it.effect("verify returns the claims of a form token it signed, and None for one signed with another key", () =>
    Effect.gen(function*() {
      const token = yield* withSigner(signedForm)
      expect(yield* withSigner(Effect.flatMap(FormTokenSigner, (signer) => signer.verify(token)))).toEqual(
        Option.some(form)
      )
      const other = yield* withSigner(signedForm, key(8))
      expect(yield* withSigner(Effect.flatMap(FormTokenSigner, (signer) => signer.verify(other)))).toEqual(
        Option.none()
      )
    }))

  it.effect("on one key, a form token never passes for a session token, nor a session token for a form token", () =>
    withSigner(
      Effect.gen(function*() {
        const forms = yield* FormTokenSigner
        const sessions = yield* TokenSigner
        const formToken = yield* forms.sign(form)
        const sessionToken = yield* sessions.sign(claims)
        expect(yield* sessions.verify(formToken)).toEqual(Option.none())
        expect(yield* forms.verify(sessionToken)).toEqual(Option.none())
      })
    ))
})
