import { HttpRouter, HttpServerRequest } from "@effect/platform"
import { Effect, Option } from "effect"
import { html } from "../Html.js"
import { requirePermission, withoutSessionCookie, withSessionCookie } from "./ConsoleAuth.js"
import { consolePage, seeOther } from "./ConsoleLayout.js"
import { OperatorsService } from "./Operators.js"

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

export const signInPage = Effect.map(HttpServerRequest.HttpServerRequest, (request) => {
  const signedOut = new URL(request.url, "http://localhost").searchParams.has("signed_out")
  return consolePage({
    title: "Sign in",
    narrow: true,
    body: html`${signedOut ? html`<p class="notice" role="status">You are signed out.</p>` : html``}<div class="card">
<p>Sign-in links are sent by your organisation's administrator (<code>dsar operators add</code> prints one).</p>
</div>`
  })
})
