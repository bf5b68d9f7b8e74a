import { can, type ConsoleAction, type OperatorId, type OperatorRole, type OrganizationId } from "@dsar/domain"
import { HttpServerRequest, HttpServerRespondable, HttpServerResponse } from "@effect/platform"
import { Data, Duration, Effect, Option } from "effect"
import { html, type Raw } from "../Html.js"
import { SecretHasher } from "../ports/Crypto.js"
import { Settings } from "../Settings.js"
import { ConsoleSessionTtl, OperatorsService, SignInPath } from "./Operators.js"

/** The operator a console page or form acts for: from the session cookie, checked on every request. */
export interface SignedInOperator {
  readonly operator_id: OperatorId
  readonly organization_id: OrganizationId
  readonly email: string
  readonly role: OperatorRole
  readonly session_id: string
  readonly csrf_token: string
}

/** The form field every state-changing console form carries (`csrfField`). */
export const CsrfFieldName = "csrf"

/**
 * A console request refused before its handler runs: the answer it gets instead (a redirect to
 * the sign-in page, or 403). The router sends it as it is (`Respondable`).
 */
export class ConsoleDenied extends Data.TaggedError("ConsoleDenied")<{
  readonly response: HttpServerResponse.HttpServerResponse
}> implements HttpServerRespondable.Respondable {
  [HttpServerRespondable.symbol]() {
    return Effect.succeed(this.response)
  }
}

/**
 * A console cookie's name and whether it is Secure. `__Host-` (the browser then insists on Secure,
 * Path=/ and no Domain, so no other host can set it) when the server is reached over https; a
 * plain name over http, where a Secure cookie would never be sent.
 */
export const consoleCookie = (name: string) =>
  Effect.map(Settings, (settings) => {
    const secure = settings.publicBaseUrl.startsWith("https:")
    return { name: secure ? `__Host-${name}` : name, secure }
  })

/** The session cookie. */
export const sessionCookie = consoleCookie("dsar_console")

/** `Set-Cookie` for a new session: HttpOnly, SameSite=Lax (the sign-in link arrives from a mail client), Secure over https. */
export const withSessionCookie = (response: HttpServerResponse.HttpServerResponse, token: string) =>
  Effect.flatMap(sessionCookie, ({ name, secure }) =>
    HttpServerResponse.setCookie(response, name, token, {
      httpOnly: true,
      secure,
      sameSite: "lax",
      path: "/",
      maxAge: Duration.toSeconds(ConsoleSessionTtl)
    }).pipe(Effect.orDie))

/** `Set-Cookie` that clears the session cookie (signing out). */
export const withoutSessionCookie = (response: HttpServerResponse.HttpServerResponse) =>
  Effect.flatMap(
    sessionCookie,
    ({ name, secure }) =>
      HttpServerResponse.setCookie(response, name, "", {
        httpOnly: true,
        secure,
        sameSite: "lax",
        path: "/",
        maxAge: 0
      })
        .pipe(Effect.orDie)
  )

/** A refusal page (403 for a form without its CSRF token, say), sent instead of the handler's answer. */
export const consoleRefusal = (status: number, text: string) =>
  new ConsoleDenied({
    response: HttpServerResponse.text(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not allowed</title></head><body><main><h1>Not allowed</h1><p>${text}</p><p><a href="/console">Back to the console</a></p></main></body></html>`,
      { status, contentType: "text/html; charset=utf-8", headers: { "cache-control": "no-store" } }
    )
  })

const toSignIn = new ConsoleDenied({
  response: HttpServerResponse.empty({ status: 303, headers: { location: SignInPath, "cache-control": "no-store" } })
})

/**
 * The signed-in operator, from the session cookie; a request without a valid session is refused:
 * a page (GET) is sent to the sign-in page, anything else gets 403.
 */
export const requireOperator: Effect.Effect<
  SignedInOperator,
  ConsoleDenied,
  HttpServerRequest.HttpServerRequest | OperatorsService | Settings
> = Effect.gen(function*() {
  const request = yield* HttpServerRequest.HttpServerRequest
  const { name } = yield* sessionCookie
  const token = request.cookies[name]
  const found = token === undefined || token === ""
    ? Option.none()
    : yield* Effect.flatMap(OperatorsService, (operators) => operators.session(token))
  if (Option.isNone(found)) {
    return yield* Effect.fail(
      request.method === "GET" || request.method === "HEAD"
        ? toSignIn
        : consoleRefusal(403, "Your session has ended. Sign in again, then repeat what you were doing.")
    )
  }
  const { csrf_token, operator, session } = found.value
  return {
    operator_id: operator.id,
    organization_id: operator.organization_id,
    email: operator.email,
    role: operator.role,
    session_id: session.id,
    csrf_token
  }
})

/** Whether the form's CSRF field is the session's token, compared through their digests (no timing leak of the token). */
const csrfHolds = (operator: SignedInOperator) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const hasher = yield* SecretHasher
    const form = yield* Effect.orElseSucceed(request.urlParamsBody, () => [])
    const given = form.find(([key]) => key === CsrfFieldName)?.[1] ?? ""
    return given !== "" && hasher.digest(given) === hasher.digest(operator.csrf_token)
  })

/**
 * The signed-in operator, if its role may take `action` (403 otherwise). For anything but a page
 * (GET, HEAD), the form must also carry the session's CSRF token (`csrfField`), or it is refused
 * with 403 before anything changes.
 */
export const requirePermission = (action: ConsoleAction): Effect.Effect<
  SignedInOperator,
  ConsoleDenied,
  HttpServerRequest.HttpServerRequest | OperatorsService | Settings | SecretHasher
> =>
  Effect.gen(function*() {
    const operator = yield* requireOperator
    const request = yield* HttpServerRequest.HttpServerRequest
    if (request.method !== "GET" && request.method !== "HEAD" && !(yield* csrfHolds(operator))) {
      return yield* Effect.fail(
        consoleRefusal(403, "This form is out of date or was not sent from the console. Reload the page and try again.")
      )
    }
    if (!can(operator.role, action)) {
      return yield* Effect.fail(consoleRefusal(403, `Your role (${operator.role}) does not allow this.`))
    }
    return operator
  })

/** The hidden field carrying the session's CSRF token: put it in every state-changing form. */
export const csrfField = (operator: SignedInOperator): Raw =>
  html`<input type="hidden" name="${CsrfFieldName}" value="${operator.csrf_token}">`
