import { HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Duration, Effect, Option } from "effect"
import { html, type Raw } from "../Html.js"
import { IdGenerator, SecretHasher } from "../ports/Crypto.js"
import { consoleCookie, CsrfFieldName } from "./ConsoleAuth.js"

// The sign-in form's CSRF token, before there is a session to derive it from: the double-submit
// pattern, as the console's session token does it. The page sets a cookie with a random value and
// puts the value's digest (under its own label) in the form; a POST is taken only when the field
// is the digest of the cookie it comes with. Another site can neither read the cookie nor its
// digest, and its cross-site POST comes without the cookie (SameSite=Strict). Server-signed
// tokens alone (`TokenSigner`) would prove only that the server made them, which another site can
// ask it to do; and that port signs API session claims.

const formCookie = consoleCookie("dsar_sign_in")

/** The cookie lives a day: a form left open that long asks to be reloaded. */
const FormCookieTtl = Duration.days(1)

const wellFormed = (value: string | undefined): value is string =>
  value !== undefined && /^[A-Za-z0-9_-]{32,128}$/.test(value)

const fieldFor = (hasher: typeof SecretHasher.Service, cookie: string) => hasher.digest(`sign-in-form:${cookie}`)

/**
 * The hidden field of the sign-in form, and the response decorated with the cookie it is bound to:
 * the browser's cookie when it has one (a second tab keeps the first one's form working), else a new one.
 */
export const signInFormToken = Effect.gen(function*() {
  const request = yield* HttpServerRequest.HttpServerRequest
  const hasher = yield* SecretHasher
  const { name, secure } = yield* formCookie
  const held = request.cookies[name]
  const cookie = wellFormed(held) ? held : yield* Effect.flatMap(IdGenerator, (ids) => ids.token)
  const field: Raw = html`<input type="hidden" name="${CsrfFieldName}" value="${fieldFor(hasher, cookie)}">`
  const withCookie = (response: HttpServerResponse.HttpServerResponse) =>
    cookie === held ? Effect.succeed(response) : HttpServerResponse.setCookie(response, name, cookie, {
      httpOnly: true,
      secure,
      sameSite: "strict",
      path: "/",
      maxAge: Duration.toSeconds(FormCookieTtl)
    }).pipe(Effect.orDie)
  return { field, withCookie } as const
})

/** Whether the posted form's CSRF field is the digest of the form cookie sent with it (compared through digests). */
export const signInFormHolds = (fields: { readonly [name: string]: string | undefined }) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const hasher = yield* SecretHasher
    const { name } = yield* formCookie
    const cookie = Option.fromNullable(request.cookies[name]).pipe(Option.filter(wellFormed))
    const given = fields[CsrfFieldName] ?? ""
    return Option.isSome(cookie) && given !== "" &&
      hasher.digest(given) === hasher.digest(fieldFor(hasher, cookie.value))
  })
