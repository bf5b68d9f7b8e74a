import type { OrganizationId } from "@dsar/domain"
import { OperatorsService, OrganizationsService } from "@dsar/http"
import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import { page, signedIn, signInWith, submit } from "./support/Console.js"
import { post, send, tenant } from "./support/Http.js"
import { TestApp } from "./support/TestApp.js"

// The console's settings pages, driven over HTTP as a browser without script drives them.

const csrfBody = (csrf: string, fields: Record<string, string> = {}) =>
  new URLSearchParams({ csrf, ...fields }).toString()

const signInUrlOf = (text: string) => /https?:\/\/[^\s<"]+\/console\/sign-in\/[^\s<"]+/.exec(text)?.[0] ?? ""
const secretsOf = (text: string) => [...text.matchAll(/<code class="secret">([^<]+)<\/code>/g)].map((m) => m[1]!)

const login = (key: string, secret: string) => post("/sessions", { type: "api-key", key, secret })

const h1Count = (text: string) => text.match(/<h1[ >]/g)?.length ?? 0

layer(TestApp({ cheapHashing: true, checkAnswers: false }))("the console's settings", (it) => {
  it.effect(
    "an admin adds a webhook endpoint (its secret shown once), sees its deliveries and removes it, through the API's checks; an agent may do none of it",
    () =>
      Effect.gen(function*() {
        const acme = yield* tenant("Hooks Acme")
        const admin = yield* signedIn(acme.org, "admin@hooks.example", "admin")
        const agent = yield* signedIn(acme.org, "agent@hooks.example", "agent")
        const listed = () =>
          Effect.map(
            send({ method: "GET", url: "/dsar/webhooks", headers: { authorization: `Bearer ${acme.token}` } }),
            (answer) => (answer.json as ReadonlyArray<{ id: string; url: string; event_types: ReadonlyArray<string> }>)
          )

        expect((yield* page("/console/settings", admin.cookie)).text).toContain(`href="/console/settings/webhooks"`)
        expect((yield* page("/console/settings/webhooks", agent.cookie)).status).toBe(403)
        const byAgent = csrfBody(agent.csrf, { url: "https://hooks.example.org/a", "event.request.created": "on" })
        expect((yield* submit("/console/settings/webhooks", agent.cookie, byAgent)).status).toBe(403)

        const loopback = yield* submit(
          "/console/settings/webhooks",
          admin.cookie,
          csrfBody(admin.csrf, { url: "http://127.0.0.1:9/hook", "event.request.created": "on" })
        )
        expect(loopback.status).toBe(400)
        expect(loopback.text).toContain("private or loopback")
        expect(loopback.text).toContain(`value="http://127.0.0.1:9/hook"`)
        const noEvent = yield* submit(
          "/console/settings/webhooks",
          admin.cookie,
          csrfBody(admin.csrf, { url: "https://hooks.example.org/a" })
        )
        expect(noEvent.status).toBe(400)
        expect(noEvent.text).toContain("event_types")
        expect(yield* listed()).toEqual([])

        const added = yield* submit(
          "/console/settings/webhooks",
          admin.cookie,
          csrfBody(admin.csrf, {
            url: "https://hooks.example.org/dsar",
            "event.request.created": "on",
            "event.request.overdue": "on",
            description: "Ticketing"
          })
        )
        expect(added.status, added.text).toBe(200)
        expect(h1Count(added.text)).toBe(1)
        const [secret] = secretsOf(added.text)
        expect(secret).toMatch(/^whsec_/)
        const [endpoint] = yield* listed()
        expect(endpoint).toMatchObject({
          url: "https://hooks.example.org/dsar",
          event_types: ["request.created", "request.overdue"]
        })
        const list = yield* page("/console/settings/webhooks", admin.cookie)
        expect(list.text).toContain("https://hooks.example.org/dsar")
        expect(list.text).not.toContain(secret!)
        const log = yield* page(`/console/settings/webhooks/${endpoint!.id}`, admin.cookie)
        expect(log.status, log.text).toBe(200)
        expect(log.text).toContain("Nothing was sent to it yet.")
        yield* acme.createRequest()
        expect((yield* page(`/console/settings/webhooks/${endpoint!.id}`, admin.cookie)).text).toContain(
          "request.created"
        )

        const removed = yield* submit(
          `/console/settings/webhooks/${endpoint!.id}/remove`,
          admin.cookie,
          csrfBody(admin.csrf)
        )
        expect(removed.status).toBe(303)
        expect(yield* listed()).toEqual([])
        expect((yield* page(`/console/settings/webhooks/${endpoint!.id}`, admin.cookie)).status).toBe(404)
      }),
    60_000
  )

  it.effect(
    "an admin adds an operator, who signs in with the URL the page shows once; the admin changes their role, ends their sessions, gives them a new link and removes them",
    () =>
      Effect.gen(function*() {
        const acme = yield* tenant("Settings Acme")
        const admin = yield* signedIn(acme.org, "admin@acme.example", "admin")
        const overview = yield* page("/console/settings", admin.cookie)
        expect(overview.status, overview.text).toBe(200)
        for (
          const path of ["/console/settings/operators", "/console/settings/keys", "/console/settings/redirect-domains"]
        ) {
          expect(overview.text).toContain(`href="${path}"`)
        }

        const added = yield* submit(
          "/console/settings/operators",
          admin.cookie,
          csrfBody(admin.csrf, { email: "New.Agent@acme.example", role: "agent" })
        )
        expect(added.status, added.text).toBe(200)
        const url = signInUrlOf(added.text)
        expect(url).not.toBe("")
        const agentCookie = yield* signInWith(url)
        const dashboard = yield* page("/console", agentCookie)
        expect(dashboard.status).toBe(200)
        expect(dashboard.text).toContain("new.agent@acme.example · agent")

        const listed = yield* page("/console/settings/operators", admin.cookie)
        expect(listed.text).toContain("new.agent@acme.example")
        expect(listed.text).not.toContain(url)
        const agent = (yield* (yield* OperatorsService).list(acme.org as OrganizationId)).find((operator) =>
          operator.email === "new.agent@acme.example"
        )!
        const base = `/console/settings/operators/${agent.id}`

        const demoted = yield* submit(`${base}/role`, admin.cookie, csrfBody(admin.csrf, { role: "viewer" }))
        expect(demoted.status, demoted.text).toBe(303)
        expect(demoted.headers["location"]).toBe("/console/settings/operators?done=role")
        expect((yield* page("/console/settings/operators?done=role", admin.cookie)).text).toContain(
          "The role was changed."
        )
        expect((yield* page("/console", agentCookie)).text).toContain("new.agent@acme.example · viewer")

        const ended = yield* submit(`${base}/sessions`, admin.cookie, csrfBody(admin.csrf))
        expect(ended.status, ended.text).toBe(303)
        expect((yield* page("/console", agentCookie)).status).toBe(303)
        const relinked = yield* submit(`${base}/link`, admin.cookie, csrfBody(admin.csrf))
        expect(relinked.status, relinked.text).toBe(200)
        const newUrl = signInUrlOf(relinked.text)
        expect(newUrl).not.toBe("")
        expect(newUrl).not.toBe(url)
        const newCookie = yield* signInWith(newUrl)
        expect((yield* page("/console", newCookie)).status).toBe(200)

        const removed = yield* submit(`${base}/remove`, admin.cookie, csrfBody(admin.csrf))
        expect(removed.status, removed.text).toBe(303)
        expect((yield* page("/console", newCookie)).status).toBe(303)
        expect((yield* page("/console/settings/operators", admin.cookie)).text).not.toContain(
          "new.agent@acme.example"
        )
      }),
    60_000
  )

  it.effect(
    "an agent or a viewer is refused every settings page and form with 403, and nothing changes",
    () =>
      Effect.gen(function*() {
        const acme = yield* tenant("Settings Globex")
        const operators = yield* OperatorsService
        const organizations = yield* OrganizationsService
        const org = acme.org as OrganizationId
        const admin = yield* signedIn(acme.org, "admin@globex.example", "admin")
        const before = {
          operators: yield* operators.list(org),
          keys: yield* organizations.listKeys(org),
          organization: yield* organizations.get(org)
        }
        for (const role of ["agent", "viewer"] as const) {
          const someone = yield* signedIn(acme.org, `${role}@globex.example`, role)
          expect((yield* page("/console", someone.cookie)).text).not.toContain(`href="/console/settings"`)
          for (
            const path of [
              "/console/settings",
              "/console/settings/operators",
              "/console/settings/keys",
              "/console/settings/redirect-domains"
            ]
          ) {
            expect((yield* page(path, someone.cookie)).status, path).toBe(403)
          }
          const posts: ReadonlyArray<readonly [string, Record<string, string>]> = [
            ["/console/settings/operators", { email: "intruder@globex.example", role: "admin" }],
            [`/console/settings/operators/${admin.operator.id}/role`, { role: "viewer" }],
            [`/console/settings/operators/${admin.operator.id}/remove`, {}],
            [`/console/settings/operators/${admin.operator.id}/sessions`, {}],
            [`/console/settings/operators/${admin.operator.id}/link`, {}],
            ["/console/settings/keys", {}],
            [`/console/settings/keys/${acme.credentials.key}/revoke`, {}],
            ["/console/settings/redirect-domains", { domains: "acme.example" }]
          ]
          for (const [path, fields] of posts) {
            const answer = yield* submit(path, someone.cookie, csrfBody(someone.csrf, fields))
            expect(answer.status, path).toBe(403)
          }
        }
        const people = (list: ReadonlyArray<{ readonly email: string; readonly role: string }>) =>
          list.map((operator) => `${operator.email} ${operator.role}`).sort()
        expect(people(yield* operators.list(org))).toEqual(
          people([...before.operators, { email: "agent@globex.example", role: "agent" }, {
            email: "viewer@globex.example",
            role: "viewer"
          }])
        )
        expect(yield* organizations.listKeys(org)).toEqual(before.keys)
        expect(yield* organizations.get(org)).toEqual(before.organization)
        expect((yield* page("/console", admin.cookie)).status).toBe(200)
      }),
    60_000
  )

  it.effect(
    "a key created in the console, under a label, opens API sessions, its secret shown once, until it is revoked there",
    () =>
      Effect.gen(function*() {
        const acme = yield* tenant("Settings Initech")
        const admin = yield* signedIn(acme.org, "admin@initech.example", "admin")
        const organizations = yield* OrganizationsService
        const before = yield* organizations.listKeys(acme.org as OrganizationId)
        const tooLong = yield* submit(
          "/console/settings/keys",
          admin.cookie,
          csrfBody(admin.csrf, { label: "x".repeat(65) })
        )
        expect(tooLong.status, tooLong.text).toBe(400)
        expect(tooLong.text).toContain("label: must be at most 64 characters")
        expect(tooLong.text).toContain(`value="${"x".repeat(65)}" aria-invalid="true"`)
        expect(yield* organizations.listKeys(acme.org as OrganizationId)).toEqual(before)

        const created = yield* submit(
          "/console/settings/keys",
          admin.cookie,
          csrfBody(admin.csrf, { label: " CRM <export> " })
        )
        expect(created.status, created.text).toBe(200)
        expect(created.text).toContain("(CRM &#60;export&#62;) was created")
        const [key, secret] = secretsOf(created.text)
        expect(key).toMatch(/^key_/)
        expect((yield* login(key!, secret!)).status).toBe(201)

        const listed = yield* page("/console/settings/keys", admin.cookie)
        expect(listed.text).toMatch(new RegExp(`<code>${key}</code></th>\\s*<td>CRM &#60;export&#62;</td>`))
        expect(listed.text).toContain(acme.credentials.key)
        expect(listed.text).not.toContain(secret)
        // Blank is no label.
        const unlabelled = yield* submit("/console/settings/keys", admin.cookie, csrfBody(admin.csrf, { label: "  " }))
        expect(unlabelled.status, unlabelled.text).toBe(200)
        const labels = (yield* organizations.listKeys(acme.org as OrganizationId)).map((summary) => [
          summary.key === key,
          summary.label
        ])
        expect(labels.sort()).toEqual([[false, undefined], [false, undefined], [true, "CRM <export>"]])

        const revoked = yield* submit(`/console/settings/keys/${key}/revoke`, admin.cookie, csrfBody(admin.csrf))
        expect(revoked.status, revoked.text).toBe(303)
        expect(revoked.headers["location"]).toBe("/console/settings/keys?done=revoked")
        expect((yield* login(key!, secret!)).status).toBe(401)
        expect((yield* login(acme.credentials.key, acme.credentials.secret)).status).toBe(201)
        const again = yield* submit(`/console/settings/keys/${key}/revoke`, admin.cookie, csrfBody(admin.csrf))
        expect(again.status).toBe(404)
      }),
    60_000
  )

  it.effect(
    "a bad redirect domain is answered 400 naming it, and nothing is stored; good ones are saved",
    () =>
      Effect.gen(function*() {
        const acme = yield* tenant("Settings Umbrella")
        const organizations = yield* OrganizationsService
        const org = acme.org as OrganizationId
        const admin = yield* signedIn(acme.org, "admin@umbrella.example", "admin")
        const path = "/console/settings/redirect-domains"

        const refused = yield* submit(
          path,
          admin.cookie,
          csrfBody(admin.csrf, { domains: "acme.example\nhttps://shop.example.com/path" })
        )
        expect(refused.status).toBe(400)
        expect(refused.text).toContain("“https://shop.example.com/path” must be a host name")
        expect(refused.text).toContain("https://shop.example.com/path</textarea>")
        expect((yield* organizations.get(org)).redirect_domains).toEqual([])

        const elsewhere = yield* submit(path, admin.cookie, csrfBody(admin.csrf, { domains: "shop.example.com" }))
        expect(elsewhere.status).toBe(400)
        expect(elsewhere.text).toContain("The default redirect URL, https://acme.example/privacy/confirmed,")
        expect((yield* organizations.get(org)).redirect_domains).toEqual([])

        const saved = yield* submit(
          path,
          admin.cookie,
          csrfBody(admin.csrf, { domains: "Acme.example\nshop.example.com" })
        )
        expect(saved.status, saved.text).toBe(303)
        expect(saved.headers["location"]).toBe(`${path}?done=saved`)
        expect((yield* organizations.get(org)).redirect_domains).toEqual(["acme.example", "shop.example.com"])
        const shown = yield* page(`${path}?done=saved`, admin.cookie)
        expect(shown.text).toContain("The redirect domains were saved.")
        expect(shown.text).toContain("acme.example\nshop.example.com</textarea>")
      }),
    60_000
  )

  it.effect(
    "the last admin can neither remove nor demote themself (409, nothing changes); once another is an admin, they can",
    () =>
      Effect.gen(function*() {
        const acme = yield* tenant("Settings Hooli")
        const operators = yield* OperatorsService
        const admin = yield* signedIn(acme.org, "admin@hooli.example", "admin")
        const base = `/console/settings/operators/${admin.operator.id}`

        const removal = yield* submit(`${base}/remove`, admin.cookie, csrfBody(admin.csrf))
        expect(removal.status).toBe(409)
        expect(removal.text).toContain("admin@hooli.example is the organisation&#39;s last admin")
        const demotion = yield* submit(`${base}/role`, admin.cookie, csrfBody(admin.csrf, { role: "agent" }))
        expect(demotion.status).toBe(409)
        expect((yield* operators.get(admin.operator.organization_id, admin.operator.id)).role).toBe("admin")
        expect((yield* page("/console/settings", admin.cookie)).status).toBe(200)

        const other = yield* operators.add(admin.operator.organization_id, {
          email: "cto@hooli.example",
          role: "agent"
        })
        const promoted = yield* submit(
          `/console/settings/operators/${other.operator.id}/role`,
          admin.cookie,
          csrfBody(admin.csrf, { role: "admin" })
        )
        expect(promoted.status, promoted.text).toBe(303)
        const stepDown = yield* submit(`${base}/role`, admin.cookie, csrfBody(admin.csrf, { role: "agent" }))
        expect(stepDown.status, stepDown.text).toBe(303)
        expect(stepDown.headers["location"]).toBe("/console")
        expect((yield* page("/console/settings", admin.cookie)).status).toBe(403)
      }),
    60_000
  )

  it.effect(
    "an admin acts on their own organisation only: another's operator and key are not found, and unchanged",
    () =>
      Effect.gen(function*() {
        const acme = yield* tenant("Settings Pied Piper")
        const other = yield* tenant("Settings Hooli XYZ")
        const admin = yield* signedIn(acme.org, "admin@piedpiper.example", "admin")
        const theirs = yield* signedIn(other.org, "admin@hooli-xyz.example", "admin")
        const operators = yield* OperatorsService
        for (const action of ["role", "remove", "sessions", "link"]) {
          const answer = yield* submit(
            `/console/settings/operators/${theirs.operator.id}/${action}`,
            admin.cookie,
            csrfBody(admin.csrf, { role: "viewer" })
          )
          expect(answer.status, action).toBe(404)
        }
        expect((yield* operators.get(theirs.operator.organization_id, theirs.operator.id)).role).toBe("admin")
        expect((yield* page("/console", theirs.cookie)).status).toBe(200)
        const revoke = yield* submit(
          `/console/settings/keys/${other.credentials.key}/revoke`,
          admin.cookie,
          csrfBody(admin.csrf)
        )
        expect(revoke.status).toBe(404)
        expect((yield* login(other.credentials.key, other.credentials.secret)).status).toBe(201)
        expect((yield* page("/console/settings/operators", admin.cookie)).text).not.toContain("admin@hooli-xyz.example")
      }),
    60_000
  )

  it.effect("a settings path answers a method it does not take with 405 and the methods it takes", () =>
    Effect.gen(function*() {
      const answer = yield* send({ method: "DELETE", url: "/console/settings/keys" })
      expect(answer.status).toBe(405)
      expect(answer.headers["allow"]).toBe("GET, POST")
    }))

  it.effect("every settings page, result pages and refusals included, has one h1", () =>
    Effect.gen(function*() {
      const acme = yield* tenant("Settings Stark")
      const admin = yield* signedIn(acme.org, "admin@stark.example", "admin")
      const pages = [
        yield* page("/console/settings", admin.cookie),
        yield* page("/console/settings/operators", admin.cookie),
        yield* page("/console/settings/keys", admin.cookie),
        yield* page("/console/settings/redirect-domains", admin.cookie),
        yield* submit(
          "/console/settings/operators",
          admin.cookie,
          csrfBody(admin.csrf, { email: "viewer@stark.example", role: "viewer" })
        ),
        yield* submit(
          "/console/settings/operators",
          admin.cookie,
          csrfBody(admin.csrf, { email: "x", role: "viewer" })
        ),
        yield* submit("/console/settings/keys", admin.cookie, csrfBody(admin.csrf)),
        yield* submit(`/console/settings/operators/${admin.operator.id}/link`, admin.cookie, csrfBody(admin.csrf)),
        yield* submit("/console/settings/redirect-domains", admin.cookie, csrfBody(admin.csrf, { domains: "a b/c" }))
      ]
      expect(pages.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 400, 200, 200, 400])
      for (const answer of pages) expect(h1Count(answer.text)).toBe(1)
    }), 60_000)
})
