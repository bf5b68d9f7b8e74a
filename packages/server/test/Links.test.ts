import { createLinkExample, type Status } from "@dsar/domain"
import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import { expectError, pathsOf, post, requestCount, snapshot, tenant } from "./support/Http.js"
import { SpecTable } from "./support/Lifecycle.js"
import { TestApp } from "./support/TestApp.js"

// `POST /dsar/links`, the API part: the seed's body creates a single-use approval link whose
// lifetime is bounded and whose event the lifecycle must allow. (The public pages come later.)

interface LinkBody {
  readonly id: string
  readonly created_at: string
  readonly updated_at: string
  readonly organization_id: string
  readonly action: string
  readonly event: { readonly status: string; readonly request_id: string }
  readonly redirect_url: string
  readonly lifetime: number
  readonly expires_at: string
  readonly used_at: string | null
  readonly url: string
}

const allowed = SpecTable
const statuses = Object.keys(allowed) as ReadonlyArray<Status>

const seconds = (link: LinkBody) => (new Date(link.expires_at).getTime() - new Date(link.created_at).getTime()) / 1000

const linkFor = (requestId: string, overrides: Record<string, unknown> = {}) => ({
  ...createLinkExample,
  event: { ...createLinkExample.event, request_id: requestId },
  ...overrides
})

layer(TestApp({ cheapHashing: true }))("POST /dsar/links", (it) => {
  it.effect("the seed's body answers 201 with the link's url, and expires_at is created_at + lifetime", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const request = yield* acme.createRequest({ status: "unverified" })
      const answer = yield* post(`/dsar/links?organization_id=${acme.org}`, linkFor(request.id), acme.token)
      expect(answer.status, answer.text).toBe(201)
      expect(answer.headers["content-type"]).toMatch(/^application\/json\b/)
      const link = answer.json as LinkBody
      expect(link).toMatchObject({
        organization_id: acme.org,
        action: "request.update",
        event: { status: "verified", request_id: request.id },
        redirect_url: createLinkExample.redirect_url,
        lifetime: 900,
        used_at: null
      })
      expect(link.id).toEqual(expect.any(String))
      expect(link.url).toMatch(/^http:\/\/localhost\/links\/[\w-]{22,}$/)
      expect(seconds(link)).toBe(900)
      // The token travels only in the url; no hash or other secret leaks.
      expect(Object.keys(link).sort()).toEqual(
        [
          "action",
          "created_at",
          "event",
          "expires_at",
          "id",
          "lifetime",
          "organization_id",
          "redirect_url",
          "updated_at",
          "url",
          "used_at"
        ].sort()
      )
      // Each link has its own token.
      const again = (yield* post("/dsar/links", linkFor(request.id), acme.token)).json as LinkBody
      expect(again.url).not.toBe(link.url)
      expect(again.id).not.toBe(link.id)
    }))

  it.effect("lifetime defaults to 900 seconds when omitted", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const request = yield* acme.createRequest({ status: "unverified" })
      const { lifetime: _omitted, ...body } = linkFor(request.id)
      const answer = yield* post("/dsar/links", body, acme.token)
      expect(answer.status, answer.text).toBe(201)
      const link = answer.json as LinkBody
      expect(link.lifetime).toBe(900)
      expect(seconds(link)).toBe(900)
    }))

  it.effect("lifetime is accepted from 60 to 604800 seconds and refused outside, with a 400 naming lifetime", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const request = yield* acme.createRequest({ status: "unverified" })
      for (const lifetime of [60, 61, 3600, 604_799, 604_800]) {
        const answer = yield* post("/dsar/links", linkFor(request.id, { lifetime }), acme.token)
        expect(answer.status, `${lifetime}: ${answer.text}`).toBe(201)
        const link = answer.json as LinkBody
        expect(link.lifetime).toBe(lifetime)
        expect(seconds(link)).toBe(lifetime)
      }
      for (const lifetime of [59, 0, -900, 604_801, 10 ** 12, 900.5, "900", null, Number.MAX_SAFE_INTEGER]) {
        const body = expectError(yield* post("/dsar/links", linkFor(request.id, { lifetime }), acme.token), 400)
        expect(pathsOf(body), String(lifetime)).toEqual(["lifetime"])
        if (typeof lifetime === "number" && Number.isInteger(lifetime)) {
          expect(body.message).toContain("from 60 to 604800")
        }
      }
    }))

  it.effect("a redirect_url that is not an absolute http(s) URL is a 400 naming redirect_url", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const request = yield* acme.createRequest({ status: "unverified" })
      for (
        const redirect_url of [
          "/privacy/confirmed",
          "privacy/confirmed",
          "//www.example.org/privacy",
          "www.example.org/privacy",
          "ftp://www.example.org/privacy",
          "javascript:alert(1)",
          "data:text/html,<script>alert(1)</script>",
          "mailto:privacy@example.org",
          "http://",
          "",
          42
        ]
      ) {
        const body = expectError(yield* post("/dsar/links", linkFor(request.id, { redirect_url }), acme.token), 400)
        expect(pathsOf(body), String(redirect_url)).toEqual(["redirect_url"])
      }
      for (const redirect_url of ["http://www.example.org/privacy", "https://example.org/done?ok=1#top"]) {
        const answer = yield* post("/dsar/links", linkFor(request.id, { redirect_url }), acme.token)
        expect(answer.status, `${redirect_url}: ${answer.text}`).toBe(201)
        expect((answer.json as LinkBody).redirect_url).toBe(redirect_url)
      }
    }))

  it.effect("an unknown action or event status is a 400 naming it", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const request = yield* acme.createRequest({ status: "unverified" })
      expect(
        pathsOf(
          expectError(yield* post("/dsar/links", linkFor(request.id, { action: "request.delete" }), acme.token), 400)
        )
      ).toEqual(["action"])
      expect(
        pathsOf(
          expectError(
            yield* post(
              "/dsar/links",
              linkFor(request.id, { event: { status: "approved", request_id: request.id } }),
              acme.token
            ),
            400
          )
        )
      ).toEqual(["event.status"])
    }))

  it.effect("an event the lifecycle does not allow from the request's current status is a 409, one it allows is a 201 (a refusal a 400: a link carries no reason), for every pair of statuses", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      for (const from of statuses) {
        const request = yield* acme.createRequest({ status: from })
        const before = yield* snapshot(acme.token, request.id)
        for (const to of statuses) {
          if (to === from) continue
          const answer = yield* post(
            "/dsar/links",
            linkFor(request.id, { event: { status: to, request_id: request.id } }),
            acme.token
          )
          if (to === "refused" && allowed[from].includes(to)) {
            expect(pathsOf(expectError(answer, 400)), `${from} -> ${to}`).toEqual(["event.status"])
          } else if (allowed[from].includes(to)) {
            expect(answer.status, `${from} -> ${to}: ${answer.text}`).toBe(201)
            expect((answer.json as LinkBody).event).toEqual({ status: to, request_id: request.id })
          } else {
            const body = expectError(answer, 409)
            const allowedText = allowed[from].length === 0
              ? `${from} is terminal`
              : `allowed from ${from}: ${allowed[from].join(", ")}`
            expect(body.message).toBe(`Cannot change status from ${from} to ${to} (${allowedText})`)
          }
        }
        // Creating links never changes the request itself.
        expect(yield* snapshot(acme.token, request.id)).toEqual(before)
      }
    }))

  it.effect("a refused link leaves the request and the organisation's requests as they were", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const request = yield* acme.createRequest({ status: "fulfilled" })
      const before = yield* snapshot(acme.token, request.id)
      const count = yield* requestCount(acme.token)
      expectError(
        yield* post(
          "/dsar/links",
          linkFor(request.id, { event: { status: "verified", request_id: request.id } }),
          acme.token
        ),
        409
      )
      expectError(yield* post("/dsar/links", linkFor(request.id, { lifetime: 1 }), acme.token), 400)
      expect(yield* snapshot(acme.token, request.id)).toEqual(before)
      expect(yield* requestCount(acme.token)).toBe(count)
    }))
})
