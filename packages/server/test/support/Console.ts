import type { OperatorRole, OrganizationId } from "@dsar/domain"
import { OperatorsService } from "@dsar/http"
import { Effect } from "effect"
import { type Answer, send } from "./Http.js"

// Driving the console over HTTP as a browser does: a session cookie, pages, form posts with the
// CSRF token the pages carry.

export const formType = "application/x-www-form-urlencoded"

export const sessionCookieOf = (answer: Answer) => answer.headers["set-cookie"]?.split(";")[0] ?? ""
export const csrfOf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? ""

export const page = (url: string, cookie: string) => send({ method: "GET", url, headers: { cookie } })
export const submit = (url: string, cookie: string, body: string) =>
  send({ method: "POST", url, raw: body, headers: { cookie, "content-type": formType } })

/** Signs in from a sign-in URL (its button's POST): the session's cookie, none when the link does not work. */
export const signInWith = (url: string) => Effect.map(submit(new URL(url).pathname, "", ""), sessionCookieOf)

/** A new operator of `org`, signed in: its session cookie and the CSRF token of its pages. */
export const signedIn = (org: string, email: string, role: OperatorRole) =>
  Effect.gen(function*() {
    const operators = yield* OperatorsService
    const { operator, sign_in } = yield* operators.add(org as OrganizationId, { email, role })
    const cookie = yield* signInWith(sign_in.url)
    return { operator, cookie, csrf: csrfOf((yield* page("/console", cookie)).text) }
  })

/**
 * Asks for a sign-in link by email as the sign-in page's form does: the page's form cookie and
 * CSRF field, then the POST, from the client address `from` (the app trusts one proxy hop).
 */
export const askForSignInLink = (email: string, from: string) =>
  Effect.gen(function*() {
    const headers = { "x-forwarded-for": from }
    const form = yield* send({ method: "GET", url: "/console/sign-in", headers })
    const cookie = sessionCookieOf(form)
    return yield* send({
      method: "POST",
      url: "/console/sign-in",
      raw: `csrf=${encodeURIComponent(csrfOf(form.text))}&email=${encodeURIComponent(email)}`,
      headers: { ...headers, cookie, "content-type": formType }
    })
  })
