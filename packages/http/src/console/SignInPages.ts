import { HttpRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Duration, Effect, Option } from "effect"
import { clientAddress } from "../ClientAddress.js"
import { html, Raw } from "../Html.js"
import { consoleRefusal, requirePermission, withoutSessionCookie, withSessionCookie } from "./ConsoleAuth.js"
import { formFields } from "./ConsoleForms.js"
import { consolePage, seeOther } from "./ConsoleLayout.js"
import { OperatorsService, SignInLinkTtl, SignInPath } from "./Operators.js"
import { signInFormHolds, signInFormToken } from "./SignInForm.js"
import { normalisedEmail, SignInLinkRequests } from "./SignInLinks.js"

// The sign-in link page: GET only shows a button (mail scanners and link previews fetch links, and
// must not use them up); POST consumes the single-use token and opens the session. The token in
// the URL is all the authorisation the POST takes, as on the approval link pages: no CSRF token
// is needed, since forging the POST takes the token, and the token is all signing in takes.

/** The token: everything after `/console/sign-in/`. */
const token = Effect.map(HttpRouter.params, (params) => params["*"] ?? "")

const wellFormed = (token: string) => /^[A-Za-z0-9._~-]{16,256}$/.test(token)

const unusable = consolePage({
  title: "This sign-in link cannot be used",
  narrow: true,
  status: 410,
  body:
    html`<div class="card"><p>The link was used already, has expired (links last 15 minutes) or was never issued.</p>
<p><a href="/console/sign-in">Ask for a new sign-in link</a></p></div>`
})

export const signInLinkPage = Effect.map(token, (value) =>
  !wellFormed(value)
    ? unusable
    : consolePage({
      title: "Sign in to the console",
      narrow: true,
      body:
        html`<div class="card"><p>Continue to sign in to your organisation's privacy requests console in this browser.</p>
<form method="post"><button type="submit">Sign in</button></form>
<p class="muted">The link works once and for 15 minutes.</p></div>`
    }))

export const signInWithLink = Effect.gen(function*() {
  const value = yield* token
  if (!wellFormed(value)) return unusable
  const opened = yield* Effect.flatMap(OperatorsService, (operators) => operators.signIn(value))
  if (Option.isNone(opened)) return unusable
  return yield* withSessionCookie(seeOther("/console"), opened.value.token)
})

/** Ends the session on the server (the cookie would open nothing any more) and clears the cookie. */
export const signOut = Effect.gen(function*() {
  // Every role may sign out; the check is for the CSRF token, so no other site can sign one out.
  const operator = yield* requirePermission("requests.read")
  yield* Effect.flatMap(
    OperatorsService,
    (operators) => operators.signOut(operator.organization_id, operator.session_id)
  )
  return yield* withoutSessionCookie(seeOther("/console/sign-in?signed_out=1"))
})

const askForm = (field: Raw, problem?: string) =>
  html`${problem === undefined ? html`` : html`<p class="error" id="email-problem">${problem}</p>`}<div class="card">
<form method="post" action="${SignInPath}">${field}
<label for="email">Your email address</label>
<input type="email" id="email" name="email" autocomplete="email" required${new Raw(
    problem === undefined ? "" : ` aria-invalid="true" aria-describedby="email-problem"`
  )}>
<div class="actions"><button type="submit">Email me a sign-in link</button></div>
</form>
<p class="muted">The link works once, within ${
    String(Duration.toMinutes(SignInLinkTtl))
  } minutes. New to the console? Your organisation's administrator adds you (<code>dsar operators add</code>, or the console's settings).</p>
</div>`

/** What asking always answers, whether the address is an operator's, several, or none. */
const sentNotice =
  html`<p class="notice" role="status">If an operator account exists for this address, a sign-in link is on its way. It works once, within ${
    String(Duration.toMinutes(SignInLinkTtl))
  } minutes.</p>`

/** The sign-in page: the form asking for a link by email, and what the last step said (signed out, sent). */
export const signInPage = Effect.gen(function*() {
  const request = yield* HttpServerRequest.HttpServerRequest
  const query = new URL(request.url, "http://localhost").searchParams
  const form = yield* signInFormToken
  const notice = query.has("signed_out")
    ? html`<p class="notice" role="status">You are signed out.</p>`
    : query.has("sent")
    ? sentNotice
    : html``
  return yield* form.withCookie(
    consolePage({ title: "Sign in", narrow: true, body: html`${notice}${askForm(form.field)}` })
  )
})

/**
 * Asks for sign-in links by email: with the form's CSRF token, a well-formed address and within the
 * limits, the links are sent in the background and the answer is the same whoever the address
 * belongs to (a 303 to the page saying a link is on its way); over a limit, 429 and nothing sent.
 */
export const askForLink = Effect.gen(function*() {
  const fields = yield* formFields
  if (!(yield* signInFormHolds(fields))) {
    return yield* Effect.fail(
      consoleRefusal(403, "This form is out of date or was not sent from this site. Reload the page and try again.")
    )
  }
  const email = normalisedEmail(fields.email ?? "")
  if (Option.isNone(email)) {
    const form = yield* signInFormToken
    return yield* form.withCookie(consolePage({
      title: "Sign in",
      narrow: true,
      status: 400,
      body: askForm(form.field, "Enter your email address, such as name@example.org.")
    }))
  }
  const client = yield* clientAddress
  return yield* Effect.flatMap(SignInLinkRequests, (requests) => requests.ask(client, email.value)).pipe(
    Effect.as(seeOther(`${SignInPath}?sent=1`)),
    Effect.catchTag("SignInLinkThrottled", ({ retryAfterSeconds }) =>
      Effect.succeed(HttpServerResponse.setHeader(
        consolePage({
          title: "Too many sign-in links asked for",
          narrow: true,
          status: 429,
          body:
            html`<div class="card"><p>Too many sign-in links were asked for from here or for this address. Nothing was sent. Try again in ${
              String(Math.ceil(retryAfterSeconds / 60))
            } minute(s), and look for the links already sent first.</p>
<p><a href="${SignInPath}">Back to sign-in</a></p></div>`
        }),
        "retry-after",
        String(retryAfterSeconds)
      )))
  )
})
