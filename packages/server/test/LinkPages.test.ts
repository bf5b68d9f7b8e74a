import { undelivered } from "@dsar/adapters/test-support"
import { createRequestWithApprovalExample } from "@dsar/domain"
import { expect, layer } from "@effect/vitest"
import { Duration, Effect, TestClock } from "effect"
import { type Answer, expectError, get, patch, post, send, snapshot, tenant } from "./support/Http.js"
import { TestApp } from "./support/TestApp.js"

// The public link pages: `GET /links/:token` shows what confirming would do and changes nothing
// (unless the link expired: then a fresh link is emailed, once); `POST /links/:token` confirms and
// answers 303 to the link's `redirect_url`, or an HTML page saying why not. The token is the only
// authorisation: no session is ever sent to these pages here. The server runs on the test clock.

const DEFAULT_REDIRECT = "https://acme.example/privacy/confirmed"
const CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"

interface HistoryBody {
  readonly actor: { readonly type: string; readonly id: string }
  readonly action: string
  readonly from_status: string | null
  readonly to_status: string
}

/** The path of a link URL (the test server's base URL is prefilled by the layer). */
const pathOf = (url: string) => new URL(url).pathname

/** What a browser sends when the form's button is pressed: a urlencoded POST with no field. */
const submit = (url: string, body?: string) =>
  send({
    method: "POST",
    url: pathOf(url),
    headers: { "content-type": "application/x-www-form-urlencoded" },
    ...(body !== undefined && { raw: body })
  })

const open = (url: string) => get(pathOf(url))

/** Every link page is HTML with the same hardening headers; a 303 carries them too. */
const expectPageHeaders = (answer: Answer) => {
  expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8")
  expect(answer.headers["content-security-policy"]).toMatch(new RegExp(`^${CSP}( https?://[^ ;]+)?$`))
  expect(answer.headers["referrer-policy"]).toBe("no-referrer")
  expect(answer.headers["cache-control"]).toBe("no-store")
  expect(answer.headers["x-frame-options"]).toBe("DENY")
}

/** An accessible page: a language, a title and one heading. */
const expectPage = (answer: Answer, status: number, heading: RegExp) => {
  expect(answer.status, answer.text.slice(0, 500)).toBe(status)
  expectPageHeaders(answer)
  expect(answer.text).toMatch(/^<!doctype html>\n<html lang="en">/)
  expect(answer.text).toMatch(/<title>[^<]+<\/title>/)
  expect(answer.text.match(/<h1>/g)?.length).toBe(1)
  expect(/<h1>([^<]*)<\/h1>/.exec(answer.text)?.[1]).toMatch(heading)
  // No script, no external asset.
  expect(answer.text).not.toMatch(/<(script|link|img|iframe|object|embed)\b/i)
}

const expectConfirmPage = (answer: Answer) => {
  expectPage(answer, 200, /^Confirm/)
  expect(answer.text).toMatch(/<form method="post">\s*<button type="submit">Confirm<\/button>\s*<\/form>/)
}

const expectRedirect = (answer: Answer, location: string) => {
  expect(answer.status, answer.text.slice(0, 500)).toBe(303)
  expect(answer.headers["location"]).toBe(location)
  expectPageHeaders(answer)
}

const historyOf = (token: string, id: string) =>
  Effect.map(get(`/dsar/requests/${id}/history`, token), (answer) => {
    expect(answer.status, answer.text).toBe(200)
    return answer.json as ReadonlyArray<HistoryBody>
  })

const statusOf = (token: string, id: string) =>
  Effect.map(get(`/dsar/requests/${id}`, token), (answer) => {
    expect(answer.status, answer.text).toBe(200)
    return (answer.json as { status: string }).status
  })

/** The emails queued for a request, oldest first. */
const mailsOf = (request_id: string) =>
  undelivered(10_000).pipe(
    Effect.map((messages) => messages.filter((message) => message.request_id === request_id))
  )

const approveUrlOf = (request: Record<string, unknown>) => (request.validation as { approve_url: string }).approve_url

/** A tenant with an unverified request: its approval URL is `validation.approve_url`. */
const unverified = (name = "Acme", overrides: Record<string, unknown> = {}) =>
  Effect.gen(function*() {
    const t = yield* tenant(name)
    const request = yield* t.createRequest({ ...createRequestWithApprovalExample, ...overrides })
    const url = approveUrlOf(request)
    expect(url).toMatch(/^http:\/\/localhost\/links\/[\w-]{22,}$/)
    return { ...t, request, url } as const
  })

layer(TestApp({ cheapHashing: true }))("public link pages", (it) => {
  it.effect("GET shows the confirmation page and changes nothing; POST applies the event and redirects; a second POST redirects too", () =>
    Effect.gen(function*() {
      const t = yield* unverified()
      const before = yield* snapshot(t.token, t.request.id)
      const mailsBefore = yield* mailsOf(t.request.id)

      // Mail scanners prefetch links: opening, even many times, changes nothing.
      for (let i = 0; i < 3; i++) {
        const page = yield* open(t.url)
        expectConfirmPage(page)
        expect(page.text).toContain("Access my data")
        expect(page.text).toContain(t.request.id)
        expect(page.text).toContain("awaiting your confirmation")
        expect(page.text).toContain("acme.example")
        // The form posts back to the page itself, and the redirect that follows may go to the
        // redirect URL's origin (Chrome and Safari check form-action on it).
        expect(page.headers["content-security-policy"]).toBe(`${CSP} https://acme.example`)
      }
      expect(yield* snapshot(t.token, t.request.id)).toEqual(before)
      expect(yield* mailsOf(t.request.id)).toEqual(mailsBefore)

      const confirmed = yield* submit(t.url)
      expectRedirect(confirmed, DEFAULT_REDIRECT)
      expect(yield* statusOf(t.token, t.request.id)).toBe("verified")
      // Used, the link's URL is no longer kept on the request (its email was never delivered here).
      expect(approveUrlOf(before.request as Record<string, unknown>)).toBe(t.url)
      expect(((yield* get(`/dsar/requests/${t.request.id}`, t.token)).json as { validation: unknown }).validation)
        .toMatchObject({
          approve_url: null
        })
      const history = yield* historyOf(t.token, t.request.id)
      expect(history.length).toBe((before.history as ReadonlyArray<unknown>).length + 1)
      const byLink = history.at(-1)!
      expect(byLink).toMatchObject({ action: "link.confirm", from_status: "unverified", to_status: "verified" })
      expect(byLink.actor.type).toBe("link")
      expect(byLink.actor.id).toMatch(/^lnk/)
      // The approval email carried this very link.
      expect(mailsBefore.find((mail) => mail.kind === "approval")?.variables.link_id).toBe(byLink.actor.id)

      // Confirming again (a double click, the back button): the event holds, so success again, changing nothing.
      const after = yield* snapshot(t.token, t.request.id)
      expectRedirect(yield* submit(t.url), DEFAULT_REDIRECT)
      expectRedirect(yield* open(t.url), DEFAULT_REDIRECT)
      expect(yield* snapshot(t.token, t.request.id)).toEqual(after)
    }))

  it.effect("the form's POST works with an empty body, no body, or a urlencoded body: the JSON-only rule is for the API", () =>
    Effect.gen(function*() {
      for (const body of [undefined, "", "confirm=1"]) {
        const t = yield* unverified()
        expectRedirect(yield* submit(t.url, body), DEFAULT_REDIRECT)
        expect(yield* statusOf(t.token, t.request.id)).toBe("verified")
      }
      // The API's own routes still refuse a urlencoded body.
      const t = yield* tenant()
      expectError(
        yield* send({
          method: "POST",
          url: "/dsar/requests",
          raw: "status=verified",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          token: t.token
        }),
        400
      )
      // ... even reached through a path that merely starts like a link page.
      expectError(
        yield* send({
          method: "POST",
          url: "/links/../dsar/requests",
          raw: "status=verified",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          token: t.token
        }),
        400
      )
    }))

  it.effect("a link whose event no longer holds shows a refusal page, on GET and POST, and changes nothing", () =>
    Effect.gen(function*() {
      // Archived meanwhile: verified is no longer reachable.
      const t = yield* unverified()
      expect((yield* patch(`/dsar/requests/${t.request.id}`, { status: "archived" }, t.token)).status).toBe(200)
      const before = yield* snapshot(t.token, t.request.id)
      const mails = yield* mailsOf(t.request.id)
      for (const answer of [yield* open(t.url), yield* submit(t.url), yield* submit(t.url)]) {
        expectPage(answer, 409, /no longer be used/)
        expect(answer.text).toContain("Your request is now closed, so it can no longer be marked confirmed.")
        expect(answer.text).not.toContain("<form")
      }
      expect(yield* snapshot(t.token, t.request.id)).toEqual(before)
      expect(yield* mailsOf(t.request.id)).toEqual(mails)

      // Used, then the request moved on: the link is refused as used.
      const u = yield* unverified()
      expectRedirect(yield* submit(u.url), DEFAULT_REDIRECT)
      expect((yield* patch(`/dsar/requests/${u.request.id}`, { status: "archived" }, u.token)).status).toBe(200)
      const archived = yield* snapshot(u.token, u.request.id)
      for (const answer of [yield* open(u.url), yield* submit(u.url)]) {
        expectPage(answer, 409, /already been used/)
      }
      expect(yield* snapshot(u.token, u.request.id)).toEqual(archived)
    }))

  it.effect("an unknown or malformed token is a 404 page that reflects nothing", () =>
    Effect.gen(function*() {
      for (
        const path of [
          "/links/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
          "/links/x",
          "/links/AAAAAAAAAAAAAAAAAAAAAA/more",
          "/links/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
          `/links/${"a".repeat(5000)}`
        ]
      ) {
        for (const answer of [yield* get(path), yield* submit(`http://localhost${path}`)]) {
          expect(answer.headers["content-type"], path.slice(0, 60)).toMatch(/^text\/html/)
          expectPage(answer, 404, /^Link not found$/)
          expect(answer.text).not.toContain("alert")
        }
      }
    }))

  it.effect("an expired link, opened, issues exactly one fresh link by email; reopening sends nothing more; the fresh link confirms", () =>
    Effect.gen(function*() {
      const t = yield* unverified()
      const approval = (yield* mailsOf(t.request.id)).filter((mail) => mail.kind === "approval")
      expect(approval.length).toBe(1)
      const before = yield* snapshot(t.token, t.request.id)

      // Still valid one second before it expires (900 s by default), expired at 900 s.
      yield* TestClock.adjust(Duration.seconds(899))
      expectConfirmPage(yield* open(t.url))
      yield* TestClock.adjust(Duration.seconds(1))

      const first = yield* open(t.url)
      expectPage(first, 410, /^This link has expired$/)
      expect(first.text).toContain("A new link will be sent to you by email")
      const renewals = (yield* mailsOf(t.request.id)).filter((mail) => mail.kind === "renewal")
      expect(renewals.length).toBe(1)
      const renewal = renewals[0]!
      expect(renewal.to).toBe("email@address.com")
      expect(renewal.variables.url).toMatch(/^http:\/\/localhost\/links\/[\w-]{22,}$/)
      expect(renewal.variables.url).not.toBe(t.url)
      expect(renewal.variables.link_id).not.toBe(approval[0]!.variables.link_id)

      // Reloading, or confirming the expired link, sends nothing more.
      for (const answer of [yield* open(t.url), yield* submit(t.url), yield* open(t.url)]) {
        expectPage(answer, 410, /^This link has expired$/)
        expect(answer.text).toContain("A new link has already been sent to you by email")
      }
      expect((yield* mailsOf(t.request.id)).filter((mail) => mail.kind === "renewal").length).toBe(1)
      // The request itself never changed.
      expect(yield* snapshot(t.token, t.request.id)).toEqual(before)

      // The fresh link has its own lifetime, from now, and confirms.
      const fresh = renewal.variables.url!
      expectConfirmPage(yield* open(fresh))
      expectRedirect(yield* submit(fresh), DEFAULT_REDIRECT)
      expect(yield* statusOf(t.token, t.request.id)).toBe("verified")
      const last = (yield* historyOf(t.token, t.request.id)).at(-1)!
      expect(last).toMatchObject({ action: "link.confirm", actor: { type: "link", id: renewal.variables.link_id } })
      // The old link now redirects: its event holds.
      expectRedirect(yield* submit(t.url), DEFAULT_REDIRECT)
    }))

  it.effect("confirming an expired link that was never opened issues the fresh link too", () =>
    Effect.gen(function*() {
      const t = yield* unverified()
      yield* TestClock.adjust(Duration.seconds(901))
      const answer = yield* submit(t.url)
      expectPage(answer, 410, /^This link has expired$/)
      expect(answer.text).toContain("A new link will be sent to you by email")
      expect((yield* mailsOf(t.request.id)).filter((mail) => mail.kind === "renewal").length).toBe(1)
      expect(yield* statusOf(t.token, t.request.id)).toBe("unverified")
      // An expired link whose event no longer holds sends nothing: it is refused.
      const u = yield* unverified()
      expect(
        (yield* patch(`/dsar/requests/${u.request.id}`, { status: "refused", refusal: { reason: "exempt" } }, u.token))
          .status
      )
        .toBe(200)
      yield* TestClock.adjust(Duration.seconds(901))
      expectPage(yield* open(u.url), 409, /no longer be used/)
      expect((yield* mailsOf(u.request.id)).filter((mail) => mail.kind === "renewal")).toEqual([])
    }))

  it.effect("a link created with POST /dsar/links redirects to its own redirect_url and applies its own event", () =>
    Effect.gen(function*() {
      const t = yield* tenant()
      const request = yield* t.createRequest({ status: "verified" })
      const redirect_url = "https://shop.example/privacy/done?ref=42#top"
      const created = yield* post(
        "/dsar/links",
        {
          action: "request.update",
          event: { status: "work_in_progress", request_id: request.id },
          redirect_url,
          lifetime: 60
        },
        t.token
      )
      expect(created.status, created.text).toBe(201)
      const link = created.json as { id: string; url: string }
      const page = yield* open(link.url)
      expectPage(page, 200, /^Confirm this change$/)
      expect(page.text).toContain("in progress")
      expect(page.text).toContain("shop.example")
      expect(page.headers["content-security-policy"]).toBe(`${CSP} https://shop.example`)
      expectRedirect(yield* submit(link.url), redirect_url)
      expect(yield* statusOf(t.token, request.id)).toBe("work_in_progress")
      expect((yield* historyOf(t.token, request.id)).at(-1)).toMatchObject({
        actor: { type: "link", id: link.id },
        action: "link.confirm",
        from_status: "verified",
        to_status: "work_in_progress"
      })
      // Its 60 s lifetime: expired a minute later, and an API-made link is renewed too.
      const other = yield* post(
        "/dsar/links",
        {
          action: "request.update",
          event: { status: "fulfilled", request_id: request.id },
          redirect_url,
          lifetime: 60
        },
        t.token
      )
      yield* TestClock.adjust(Duration.seconds(60))
      expectPage(yield* submit((other.json as { url: string }).url), 410, /expired/)
    }))

  it.effect("a link is public (no session) and only ever changes its own organisation's request", () =>
    Effect.gen(function*() {
      const a = yield* unverified("A")
      const b = yield* tenant("B")
      const bRequest = yield* b.createRequest({ ...createRequestWithApprovalExample })
      const bBefore = yield* snapshot(b.token, bRequest.id)
      // B cannot make a link for A's request: it does not exist in B.
      expectError(
        yield* post("/dsar/links", {
          action: "request.update",
          event: { status: "verified", request_id: a.request.id },
          redirect_url: DEFAULT_REDIRECT
        }, b.token),
        404
      )
      // A's link, with B's session sent along: the session is ignored, the token alone decides.
      const page = yield* send({ method: "GET", url: pathOf(a.url), token: b.token })
      expectConfirmPage(page)
      expect(page.text).toContain("<p class=\"org\">A</p>")
      expectRedirect(yield* submit(a.url), DEFAULT_REDIRECT)
      expect(yield* statusOf(a.token, a.request.id)).toBe("verified")
      expect(yield* snapshot(b.token, bRequest.id)).toEqual(bBefore)
    }))

  it.effect("values from the organisation, the request and the link are escaped: HTML cannot break out", () =>
    Effect.gen(function*() {
      const evil = `<script>alert("org")</script> & 'Co' <img src=x onerror=alert(1)>`
      const t = yield* tenant(evil)
      const request = yield* t.createRequest({
        ...createRequestWithApprovalExample,
        organization_user_id: `"><script>alert(2)</script>`,
        metadata: { note: `</p><script>alert(3)</script>` }
      })
      const redirect_url = `https://evil.example/"><script>alert(4)</script>?q=<b>'&x="y"`
      const created = yield* post(
        "/dsar/links",
        { action: "request.update", event: { status: "verified", request_id: request.id }, redirect_url },
        t.token
      )
      expect(created.status, created.text).toBe(201)
      const { url } = created.json as { url: string }
      const approveUrl = approveUrlOf(request)
      for (const link of [url, approveUrl]) {
        const page = yield* open(link)
        expectConfirmPage(page)
        expect(page.text).toContain(
          "&#60;script&#62;alert(&#34;org&#34;)&#60;/script&#62; &#38; &#39;Co&#39; &#60;img src=x onerror=alert(1)&#62;"
        )
        expect(page.text).not.toMatch(/alert\([234]\)/)
      }
      const answer = yield* submit(url)
      // The Location is the URL as the URL parser serialises it: absolute, https, percent-encoded.
      expectRedirect(answer, new URL(redirect_url).href)
      expect(answer.headers["location"]).toMatch(/^https:\/\/evil\.example\/[^<>"' ]*$/)
      expect(answer.text).not.toMatch(/<script|<img/)
      expect(yield* statusOf(t.token, request.id)).toBe("verified")
    }))

  it.effect("50 concurrent confirmations of one link: exactly one applies, all redirect", () =>
    Effect.gen(function*() {
      const t = yield* unverified()
      const answers = yield* Effect.all(
        Array.from({ length: 50 }, () => submit(t.url)),
        { concurrency: "unbounded" }
      )
      for (const answer of answers) expectRedirect(answer, DEFAULT_REDIRECT)
      const byLink = (yield* historyOf(t.token, t.request.id)).filter((entry) => entry.actor.type === "link")
      expect(byLink.length).toBe(1)
      expect(yield* statusOf(t.token, t.request.id)).toBe("verified")
    }))
})
