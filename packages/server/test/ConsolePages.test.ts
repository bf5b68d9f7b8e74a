import { OperatorsService } from "@dsar/http"
import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import { csrfOf, page, sessionCookieOf, signedIn, submit } from "./support/Console.js"
import { get, snapshot, tenant } from "./support/Http.js"
import { newOrganization } from "./support/Organizations.js"
import { TestApp } from "./support/TestApp.js"

// The console's pages are HTML, not operations of the API, so the document does not describe them.
layer(TestApp({ cheapHashing: true, checkAnswers: false }))("the console", (it) => {
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

  it.effect(
    "the server's root leads to the console; a console address no page has is the console's 404 page, after sign-in",
    () =>
      Effect.gen(function*() {
        const root = yield* page("/", "")
        expect([root.status, root.headers["location"]]).toEqual([303, "/console"])
        expect((yield* page("/console/nowhere", "")).headers["location"]).toBe("/console/sign-in")

        const credentials = yield* newOrganization("Initech")
        const operators = yield* OperatorsService
        const { sign_in } = yield* operators.add(credentials.organization_id, {
          email: "viewer@initech.example",
          role: "viewer"
        })
        const cookie = sessionCookieOf(yield* submit(new URL(sign_in.url).pathname, "", ""))
        for (const path of ["/console/nowhere", "/console/requests/req_1/nowhere"]) {
          const missing = yield* page(path, cookie)
          expect(missing.status, path).toBe(404)
          expect(missing.headers["content-type"]).toContain("text/html")
          expect(missing.text).toContain("There is no such page in the console.")
          expect(missing.text).toContain("viewer@initech.example")
        }
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

  it.effect(
    "an agent finds a request in the list, moves it on from its page as the operator, adds a note and downloads the list as CSV; the API sees the operator as the actor",
    () =>
      Effect.gen(function*() {
        const acme = yield* tenant("Initech")
        const request = yield* acme.createRequest()
        const agent = yield* signedIn(acme.org, "agent@initech.example", "agent")

        const dashboard = yield* page("/console", agent.cookie)
        expect(dashboard.status).toBe(200)
        expect(dashboard.text).toContain("<svg")
        const list = yield* page("/console/requests?status=verified", agent.cookie)
        expect(list.status, list.text).toBe(200)
        expect(list.text).toContain(request.id)
        expect((yield* page("/console/requests?status=bogus", agent.cookie)).status).toBe(400)

        const requestPath = `/console/requests/${request.id}`
        const shown = yield* page(requestPath, agent.cookie)
        expect(shown.status, shown.text).toBe(200)
        for (const text of [dashboard.text, list.text, shown.text]) expect(text.match(/<h1[ >]/g)).toHaveLength(1)
        expect(shown.text).toContain(`action="${requestPath}/status"`)
        const csrf = `csrf=${encodeURIComponent(agent.csrf)}`

        const moved = yield* submit(`${requestPath}/status`, agent.cookie, `${csrf}&status=work_in_progress`)
        expect(moved.status, moved.text).toBe(303)
        expect(moved.headers["location"]).toBe(`${requestPath}?done=status`)
        expect((yield* page(`${requestPath}?done=status`, agent.cookie)).text).toContain("The status was changed.")
        const refused = yield* submit(`${requestPath}/status`, agent.cookie, `${csrf}&status=refused`)
        expect(refused.status).toBe(400)
        expect(refused.text).toContain("reason")
        const noted = yield* submit(
          `${requestPath}/notes`,
          agent.cookie,
          `${csrf}&value=${encodeURIComponent("Called the requester")}`
        )
        expect(noted.status, noted.text).toBe(303)

        const stored = (yield* get(`/dsar/requests/${request.id}`, acme.token)).json as { status: string }
        expect(stored.status).toBe("work_in_progress")
        const history = (yield* get(`/dsar/requests/${request.id}/history`, acme.token)).json as ReadonlyArray<{
          readonly actor: { readonly type: string; readonly id: string }
          readonly to_status: string
        }>
        expect(history.at(-1)).toMatchObject({
          to_status: "work_in_progress",
          actor: { type: "operator", id: agent.operator.id }
        })
        expect((yield* page(requestPath, agent.cookie)).text).toContain("Called the requester")

        const csv = yield* page("/console/requests.csv?status=work_in_progress", agent.cookie)
        expect(csv.status).toBe(200)
        expect(csv.headers["content-type"]).toMatch(/^text\/csv/)
        expect(csv.headers["content-disposition"]).toMatch(/^attachment;/)
        expect(csv.text).toContain(request.id)
      }),
    60_000
  )

  it.effect(
    "an admin opens a request's evidence record and erases its personal data, once ticked that it cannot be undone; an agent may read the record but not erase",
    () =>
      Effect.gen(function*() {
        const acme = yield* tenant("Globex")
        const request = yield* acme.createRequest()
        const admin = yield* signedIn(acme.org, "admin@globex.example", "admin")
        const agent = yield* signedIn(acme.org, "agent@globex.example", "agent")
        const requestPath = `/console/requests/${request.id}`

        const evidence = yield* page(`${requestPath}/evidence`, agent.cookie)
        expect(evidence.status, evidence.text).toBe(200)
        expect(evidence.headers["content-type"]).toMatch(/^text\/html/)
        expect(evidence.text).toContain(`Evidence record of request ${request.id}`)
        expect((yield* page(requestPath, agent.cookie)).text).not.toContain(`action="${requestPath}/erase"`)
        const agentCsrf = `csrf=${encodeURIComponent(agent.csrf)}`
        expect((yield* submit(`${requestPath}/erase`, agent.cookie, `${agentCsrf}&confirm=yes`)).status).toBe(403)

        expect((yield* page(requestPath, admin.cookie)).text).toContain(`action="${requestPath}/erase"`)
        const csrf = `csrf=${encodeURIComponent(admin.csrf)}`
        const unticked = yield* submit(`${requestPath}/erase`, admin.cookie, csrf)
        expect(unticked.status).toBe(400)
        expect(unticked.text).toContain("cannot be undone")
        expect(((yield* get(`/dsar/requests/${request.id}`, acme.token)).json as { erasure?: unknown }).erasure)
          .toBeUndefined()

        const erased = yield* submit(`${requestPath}/erase`, admin.cookie, `${csrf}&confirm=yes`)
        expect(erased.status, erased.text).toBe(303)
        expect(erased.headers["location"]).toBe(`${requestPath}?done=erasure`)
        const stored = (yield* get(`/dsar/requests/${request.id}`, acme.token)).json as {
          erasure?: { by: { type: string; id: string } }
          request_fields: ReadonlyArray<unknown>
        }
        expect(stored.erasure?.by).toEqual({ type: "operator", id: admin.operator.id })
        expect(stored.request_fields).toEqual([])
        const after = (yield* page(`${requestPath}?done=erasure`, admin.cookie)).text
        expect(after).toContain("personal data was erased")
        expect(after).not.toContain(`action="${requestPath}/erase"`)
      }),
    60_000
  )

  it.effect(
    "a viewer sees a request but its forged POST, CSRF token and all, is refused with 403 and changes nothing",
    () =>
      Effect.gen(function*() {
        const acme = yield* tenant("Umbrella")
        const request = yield* acme.createRequest()
        const viewer = yield* signedIn(acme.org, "viewer@umbrella.example", "viewer")
        const requestPath = `/console/requests/${request.id}`
        const shown = yield* page(requestPath, viewer.cookie)
        expect(shown.status).toBe(200)
        expect(shown.text).not.toContain(`action="${requestPath}/status"`)
        const before = yield* snapshot(acme.token, request.id)
        const csrf = `csrf=${encodeURIComponent(viewer.csrf)}`
        expect((yield* submit(`${requestPath}/status`, viewer.cookie, `${csrf}&status=work_in_progress`)).status).toBe(
          403
        )
        expect((yield* submit(`${requestPath}/notes`, viewer.cookie, `${csrf}&value=x`)).status).toBe(403)
        expect(yield* snapshot(acme.token, request.id)).toEqual(before)
      }),
    60_000
  )

  it.effect("an operator sees only its own organisation's requests", () =>
    Effect.gen(function*() {
      const acme = yield* tenant("Hooli")
      const other = yield* tenant("Pied Piper")
      const theirs = yield* other.createRequest()
      const agent = yield* signedIn(acme.org, "agent@hooli.example", "agent")
      expect((yield* page(`/console/requests/${theirs.id}`, agent.cookie)).status).toBe(404)
      expect((yield* page("/console/requests", agent.cookie)).text).not.toContain(theirs.id)
      const csrf = `csrf=${encodeURIComponent(agent.csrf)}`
      const before = yield* snapshot(other.token, theirs.id)
      expect(
        (yield* submit(`/console/requests/${theirs.id}/status`, agent.cookie, `${csrf}&status=work_in_progress`)).status
      )
        .toBe(404)
      expect(yield* snapshot(other.token, theirs.id)).toEqual(before)
    }), 60_000)
})
