import { HmacTokenSigner } from "@dsar/adapters"
import { undelivered } from "@dsar/adapters/test-support"
import { OrganizationId } from "@dsar/domain"
import { OrganizationsService } from "@dsar/http"
import { expect, layer } from "@effect/vitest"
import { Duration, Effect, Redacted } from "effect"
import { type Answer, get, patch, send, tenant } from "./support/Http.js"
import { TestApp, testSessionKey } from "./support/TestApp.js"

// The requester's form at /privacy/<organisation> (decision 0023), over HTTP. Its pages are HTML,
// not operations of the API, so the document does not describe them.

const formType = "application/x-www-form-urlencoded"

const tokenOf = (page: string) => /name="token" value="([^"]+)"/.exec(page)?.[1] ?? ""

const open = (path: string, headers: Record<string, string> = {}) =>
  Effect.map(send({ method: "GET", url: path, headers }), (answer) => ({ ...answer, token: tokenOf(answer.text) }))

const submit = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  send({
    method: "POST",
    url: path,
    raw: new URLSearchParams(fields).toString(),
    headers: { "content-type": formType, ...headers }
  })

/** The form's fields for a request from `email`, with the token of the page just opened. */
const filled = (token: string, email = "Alice@Example.org", more: Record<string, string> = {}) => ({
  token,
  right: "gdpr_access",
  email,
  country: "",
  website: "",
  ...more
})

const requestsOf = (token: string) =>
  Effect.map(get("/dsar/requests", token), (answer) => {
    expect(answer.status, answer.text).toBe(200)
    return answer.json as ReadonlyArray<Record<string, unknown> & { readonly id: string }>
  })

const csp = (answer: Answer) => answer.headers["content-security-policy"] ?? ""

const limits = {
  perAddress: 2,
  addressWindow: Duration.minutes(10),
  perOrganization: 3,
  organizationWindow: Duration.hours(1)
}

// Every test here submits from one address: the limits are out of the way but for the ones below.
const unlimited = { ...limits, perAddress: 1000, perOrganization: 1000 }

layer(TestApp({ cheapHashing: true, checkAnswers: false, formLimits: unlimited }))("the requester's form", (it) => {
  it.effect("lists the catalogue's rights in the browser's language, else the organisation's", () =>
    Effect.gen(function*() {
      const { org, token } = yield* tenant("Acme")
      const french = yield* open(`/privacy/${org}`, { "accept-language": "fr-CA, en;q=0.5" })
      expect(french.status).toBe(200)
      expect(french.text).toContain(`<html lang="fr">`)
      expect(french.text).toContain(`<option value="cpra_access_my_data">Accéder à mes données</option>`)
      expect(french.text).toContain(`<option value="gdpr_access">Accéder à mes données personnelles</option>`)
      expect(french.text).toContain("Adresse e-mail")
      expect(french.headers["content-type"]).toMatch(/^text\/html/)

      expect((yield* patch(`/dsar/organization`, { default_language: "de" }, token)).status).toBe(200)
      const german = yield* open(`/privacy/${org}`)
      expect(german.text).toContain(`<html lang="de">`)
      expect(german.text).toContain("Auskunft über meine Daten")
    }))

  it.effect(
    "a POST makes an unverified request in the page's language, by the form, with the approval email queued",
    () =>
      Effect.gen(function*() {
        const { org, token } = yield* tenant("Acme")
        const page = yield* open(`/privacy/${org}`, { "accept-language": "es" })
        const sent = yield* submit(`/privacy/${org}`, filled(page.token, " Alice@Example.org ", { country: "mx" }), {
          "accept-language": "es",
          origin: "http://localhost"
        })
        expect(sent.status, sent.text).toBe(200)
        expect(sent.text).toContain("Revise su correo")

        const [request, ...others] = yield* requestsOf(token)
        expect(others).toEqual([])
        expect(request).toMatchObject({
          status: "unverified",
          user_right_id: "gdpr_access",
          organization_user_id: "alice@example.org",
          language: "es",
          source: { type: "DSAR", country: "MX" }
        })
        const history = (yield* get(`/dsar/requests/${request!.id}/history`, token)).json as ReadonlyArray<
          { readonly action: string; readonly actor: unknown }
        >
        expect(history[0]).toMatchObject({ action: "request.create", actor: { type: "system", id: "privacy-form" } })
        const mails = (yield* undelivered(10_000)).filter((message) => message.request_id === request!.id)
        expect(mails.map((mail) => [mail.kind, mail.to])).toEqual([["approval", "alice@example.org"]])
      })
  )

  it.effect("a missing, forged, expired or other organisation's token is a 403 with the values kept, and stores nothing", () =>
    Effect.gen(function*() {
      const { org, token } = yield* tenant("Acme")
      const other = yield* tenant("Globex")
      const page = yield* open(`/privacy/${org}`)
      const signer = HmacTokenSigner.makeForm(Redacted.make(testSessionKey))
      const expired = yield* signer.sign({
        organization_id: OrganizationId.make(org),
        // The epoch: past on the server's clock, the test clock included.
        expires_at: new Date(0)
      })
      const othersToken = (yield* open(`/privacy/${other.org}`)).token
      const [payload, signature] = page.token.split(".")
      const forged = `${payload}.${signature!.slice(0, -2)}${signature!.endsWith("AA") ? "BB" : "AA"}`
      for (const given of ["", forged, expired, othersToken]) {
        const refused = yield* submit(`/privacy/${org}`, filled(given, "kept@example.org"))
        expect(refused.status, given).toBe(403)
        expect(refused.text).toContain(`value="kept@example.org"`)
        expect(tokenOf(refused.text)).not.toBe("")
        expect(tokenOf(refused.text)).not.toBe(given)
      }
      expect(yield* requestsOf(token)).toEqual([])
      // The fresh token of a refused form works.
      const refused = yield* submit(`/privacy/${org}`, filled(""))
      expect((yield* submit(`/privacy/${org}`, filled(tokenOf(refused.text)))).status).toBe(200)
    }))

  it.effect("a POST from another origin is a 403 and stores nothing, its token notwithstanding", () =>
    Effect.gen(function*() {
      const { org, token } = yield* tenant("Acme")
      const page = yield* open(`/privacy/${org}`)
      const refused = yield* submit(`/privacy/${org}`, filled(page.token), { origin: "https://evil.example" })
      expect(refused.status).toBe(403)
      expect(yield* requestsOf(token)).toEqual([])
    }))

  it.effect("a filled honeypot answers the normal page, and nothing is stored or sent", () =>
    Effect.gen(function*() {
      const { org, token } = yield* tenant("Acme")
      const before = (yield* undelivered(10_000)).length
      const page = yield* open(`/privacy/${org}`)
      const trapped = yield* submit(`/privacy/${org}`, filled(page.token, "bot@example.org", { website: "x.example" }))
      expect(trapped.status).toBe(200)
      expect(trapped.text).toContain("Check your email")
      expect(yield* requestsOf(token)).toEqual([])
      expect((yield* undelivered(10_000)).length).toBe(before)
    }))

  it.effect("a bad email is a 400 naming it beside its field, with every value kept, and stores nothing", () =>
    Effect.gen(function*() {
      const { org, token } = yield* tenant("Acme")
      const page = yield* open(`/privacy/${org}`)
      const refused = yield* submit(
        `/privacy/${org}`,
        filled(page.token, "not-an-address", { right: "gdpr_erasure", country: "FR" })
      )
      expect(refused.status).toBe(400)
      expect(refused.text).toContain("Please check your request")
      expect(refused.text).toMatch(
        /<input type="email" id="email" name="email"[^>]* value="not-an-address" aria-describedby="email-hint email-error" aria-invalid="true">/
      )
      expect(refused.text).toContain(
        `<p class="error" id="email-error">Enter an email address such as name@example.org.</p>`
      )
      expect(refused.text).toContain(`<option value="gdpr_erasure" selected>`)
      expect(refused.text).toMatch(/id="country"[^>]* value="FR" aria-describedby="country-hint">/)
      expect(refused.text).not.toContain(`id="right-error"`)

      const noRight = yield* submit(`/privacy/${org}`, filled(page.token, "a@example.org", { right: "" }))
      expect(noRight.status).toBe(400)
      expect(noRight.text).toContain(`aria-describedby="right-hint right-error" aria-invalid="true"`)
      expect(yield* requestsOf(token)).toEqual([])
    }))

  it.effect("an unknown organisation is a 404 page, id or slug, and so is the address of no organisation", () =>
    Effect.gen(function*() {
      for (const path of ["/privacy/org_nope", "/privacy/nope", "/privacy/a/b", "/privacy/", "/privacy"]) {
        const missing = yield* open(path)
        expect(missing.status, path).toBe(404)
        expect(missing.text).toContain("Form not found")
        expect(missing.headers["x-frame-options"]).toBe("DENY")
      }
      expect((yield* submit("/privacy/nope", { email: "a@example.org" })).status).toBe(404)
    }))

  it.effect("may be framed by the organisation's redirect domains, and by no other site when it names none", () =>
    Effect.gen(function*() {
      const organizations = yield* OrganizationsService
      const { organization_id } = yield* organizations.create({
        name: "Framed",
        default_redirect_url: "https://acme.example/done",
        redirect_domains: ["acme.example", "acme.test"]
      })
      const framed = yield* open(`/privacy/${organization_id}`)
      expect(csp(framed)).toContain(
        "frame-ancestors 'self' https://acme.example https://*.acme.example https://acme.test https://*.acme.test"
      )
      expect(framed.headers["x-frame-options"]).toBeUndefined()
      // So the browser sends the Origin the POST is checked by (Chromium sends `null` under no-referrer).
      expect(framed.headers["referrer-policy"]).toBe("same-origin")
      const answered = yield* submit(`/privacy/${organization_id}`, filled(framed.token))
      expect(csp(answered)).toContain("frame-ancestors 'self' https://acme.example")
      expect(answered.headers["x-frame-options"]).toBeUndefined()

      const { org } = yield* tenant("Unframed")
      const unframed = yield* open(`/privacy/${org}`)
      expect(csp(unframed)).toMatch(/frame-ancestors 'self'$/)
      expect(unframed.headers["x-frame-options"]).toBeUndefined()
    }))

  it.effect("a slug names the form in the URL; another organisation's slug is a 409 naming slug", () =>
    Effect.gen(function*() {
      const { org, token } = yield* tenant("Acme")
      const other = yield* tenant("Globex")
      const given = yield* patch("/dsar/organization", { slug: "Acme-Corp" }, token)
      expect(given.status, given.text).toBe(200)
      expect((given.json as { settings: { slug: string } }).settings.slug).toBe("acme-corp")

      const page = yield* open("/privacy/acme-corp")
      expect(page.status).toBe(200)
      expect((yield* submit("/privacy/acme-corp", filled(page.token))).status).toBe(200)
      expect((yield* requestsOf(token)).length).toBe(1)
      expect((yield* open(`/privacy/${org}`)).status).toBe(200)

      const taken = yield* patch("/dsar/organization", { slug: "acme-corp" }, other.token)
      expect(taken.status).toBe(409)
      expect((taken.json as { errors: ReadonlyArray<{ path: string }> }).errors.map((e) => e.path)).toEqual(["slug"])
      expect((yield* get("/dsar/organization", other.token)).json).toMatchObject({ settings: { slug: null } })
      expect((yield* patch("/dsar/organization", { slug: "no_underscores" }, other.token)).status).toBe(400)
    }))

  it.effect("takes GET and POST only", () =>
    Effect.gen(function*() {
      const answer = yield* send({ method: "PUT", url: "/privacy/acme", raw: "" })
      expect(answer.status).toBe(405)
      expect(answer.headers["allow"]).toBe("GET, POST")
    }))
})

layer(TestApp({ cheapHashing: true, checkAnswers: false, formLimits: limits, trustedProxyHops: 1 }))(
  "the requester's form under its rate limits",
  (it) => {
    it.effect("one address over its limit is a 429 with Retry-After, and nothing is stored", () =>
      Effect.gen(function*() {
        const { org, token } = yield* tenant("Acme")
        const from = { "x-forwarded-for": "203.0.113.7" }
        const page = yield* open(`/privacy/${org}`)
        for (const email of ["a@example.org", "b@example.org"]) {
          expect((yield* submit(`/privacy/${org}`, filled(page.token, email), from)).status).toBe(200)
        }
        const limited = yield* submit(`/privacy/${org}`, filled(page.token, "c@example.org"), from)
        expect(limited.status).toBe(429)
        expect(Number(limited.headers["retry-after"])).toBeGreaterThan(500)
        expect(limited.text).toContain("Please try again in 10 minutes")
        expect(limited.text).toContain(`value="c@example.org"`)
        expect((yield* requestsOf(token)).length).toBe(2)
        // Another address still may.
        const elsewhere = yield* submit(`/privacy/${org}`, filled(page.token, "d@example.org"), {
          "x-forwarded-for": "203.0.113.8"
        })
        expect(elsewhere.status).toBe(200)
      }))

    it.effect("one organisation over its limit is a 429 for every address, a bot's submissions counted too", () =>
      Effect.gen(function*() {
        const { org, token } = yield* tenant("Globex")
        const page = yield* open(`/privacy/${org}`)
        const at = (address: string) => ({ "x-forwarded-for": address })
        expect(
          (yield* submit(
            `/privacy/${org}`,
            filled(page.token, "bot@example.org", { website: "x" }),
            at("198.51.100.1")
          )).status
        ).toBe(200)
        expect((yield* submit(`/privacy/${org}`, filled(page.token, "a@example.org"), at("198.51.100.2"))).status).toBe(
          200
        )
        expect((yield* submit(`/privacy/${org}`, filled(page.token, "b@example.org"), at("198.51.100.3"))).status).toBe(
          200
        )
        const limited = yield* submit(`/privacy/${org}`, filled(page.token, "c@example.org"), at("198.51.100.4"))
        expect(limited.status).toBe(429)
        expect(limited.headers["retry-after"]).toMatch(/^\d+$/)
        expect((yield* requestsOf(token)).length).toBe(2)
      }))
  }
)
