import { OperatorsService } from "@dsar/http"
import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import { type Answer, send } from "./support/Http.js"
import { newOrganization } from "./support/Organizations.js"
import { TestApp } from "./support/TestApp.js"

// The console's pages are HTML, not operations of the API, so the document does not describe them.
const form = "application/x-www-form-urlencoded"

const sessionCookieOf = (answer: Answer) => answer.headers["set-cookie"]?.split(";")[0] ?? ""
const csrfOf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? ""

const page = (url: string, cookie: string) => send({ method: "GET", url, headers: { cookie } })
const submit = (url: string, cookie: string, body: string) =>
  send({ method: "POST", url, raw: body, headers: { cookie, "content-type": form } })

layer(TestApp({ cheapHashing: true, checkAnswers: false }))("console sign-in", (it) => {
  it.effect(
    "an operator's sign-in link opens one session, once; the session shows the console; signing out needs the form's CSRF token and ends the session",
    () =>
      Effect.gen(function*() {
        const credentials = yield* newOrganization("Acme")
        const operators = yield* OperatorsService
        const { sign_in } = yield* operators.add(credentials.organization_id, {
          email: "Privacy.Lead@acme.example",
          role: "viewer"
        })
        const linkPath = new URL(sign_in.url).pathname

        expect((yield* page("/console", "")).status).toBe(303)
        // Opening the link changes nothing (mail scanners prefetch links); its button signs in.
        expect((yield* page(linkPath, "")).status).toBe(200)
        const signedIn = yield* submit(linkPath, "", "")
        expect(signedIn.status).toBe(303)
        const cookie = sessionCookieOf(signedIn)
        expect(signedIn.headers["set-cookie"]).toMatch(/HttpOnly/i)
        expect(signedIn.headers["set-cookie"]).toMatch(/SameSite=Lax/i)

        const again = yield* submit(linkPath, "", "")
        expect(sessionCookieOf(again)).toBe("")

        const dashboard = yield* page("/console", cookie)
        expect(dashboard.status).toBe(200)
        expect(dashboard.text).toContain("privacy.lead@acme.example")
        const csrf = csrfOf(dashboard.text)
        expect(csrf).not.toBe("")

        const bare = yield* submit("/console/sign-out", cookie, "")
        expect(bare.status, bare.text).toBe(403)
        const forged = yield* submit("/console/sign-out", cookie, "csrf=forged")
        expect(forged.status, forged.text).toBe(403)
        expect((yield* page("/console", cookie)).status).toBe(200)

        const signedOut = yield* submit("/console/sign-out", cookie, `csrf=${encodeURIComponent(csrf)}`)
        expect(signedOut.status).toBe(303)
        expect((yield* page("/console", cookie)).status).toBe(303)
      }),
    60_000
  )

  it.effect("removing an operator ends its sessions at once", () =>
    Effect.gen(function*() {
      const credentials = yield* newOrganization("Globex")
      const operators = yield* OperatorsService
      const { operator, sign_in } = yield* operators.add(credentials.organization_id, {
        email: "agent@globex.example",
        role: "agent"
      })
      const cookie = sessionCookieOf(yield* submit(new URL(sign_in.url).pathname, "", ""))
      expect((yield* page("/console", cookie)).status).toBe(200)
      yield* operators.remove(credentials.organization_id, operator.id)
      expect((yield* page("/console", cookie)).status).toBe(303)
    }), 60_000)
})
