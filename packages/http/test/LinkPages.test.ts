import { defaultOrganizationSettings, RequestId } from "@dsar/domain"
import type { HttpServerResponse } from "@effect/platform"
import { describe, expect, it } from "vitest"
import { escapeHtml } from "../src/Html.js"
import { renderLinkPage } from "../src/LinkPages.js"
import { LinkPage } from "../src/services/Links.js"

const textOf = (response: HttpServerResponse.HttpServerResponse) =>
  response.body._tag === "Uint8Array" ? new TextDecoder().decode(response.body.body) : ""

const at = new Date("2030-01-02T03:04:05.000Z")

const voice = { organization: "Acme", settings: defaultOrganizationSettings, language: "en" as const }

const confirm = (overrides: Partial<Parameters<typeof LinkPage.Confirm>[0]> = {}) =>
  LinkPage.Confirm({
    ...voice,
    request: { id: RequestId.make("req_1"), right: "Access my data", status: "unverified", created_at: at },
    status: "verified",
    expires_at: at,
    redirect_url: "https://acme.example/done",
    ...overrides
  })

describe("link pages", () => {
  it("escapeHtml leaves no character that could open a tag or end an attribute", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      "&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#60;/a&#62;"
    )
    expect(escapeHtml("plain text, 100% fine")).toBe("plain text, 100% fine")
  })

  it("maps every outcome to its status: 200 confirm, 303 applied, 404 unknown, 409 used/refused/busy, 410 expired", () => {
    const cases: ReadonlyArray<readonly [LinkPage, number]> = [
      [confirm(), 200],
      [LinkPage.Applied({ ...voice, redirect_url: "https://acme.example/done", already: false }), 303],
      [LinkPage.Applied({ ...voice, redirect_url: "https://acme.example/done", already: true }), 303],
      [LinkPage.NotFound(), 404],
      [LinkPage.Used(voice), 409],
      [LinkPage.Refused({ ...voice, from: "archived", to: "verified", allowed: [] }), 409],
      [LinkPage.Busy(), 409],
      [LinkPage.Renewed({ ...voice, expired_at: at, sent: "now", emailed: true }), 410],
      [LinkPage.Renewed({ ...voice, expired_at: at, sent: "earlier", emailed: true }), 410],
      [LinkPage.Renewed({ ...voice, expired_at: at, sent: "now", emailed: false }), 410]
    ]
    for (const [outcome, status] of cases) {
      const response = renderLinkPage(outcome)
      expect(response.status, outcome._tag).toBe(status)
      expect(response.headers["content-type"] ?? response.body.contentType).toMatch(/^text\/html; charset=utf-8$/)
      expect(response.headers["referrer-policy"]).toBe("no-referrer")
      expect(response.headers["cache-control"]).toBe("no-store")
      expect(response.headers["x-frame-options"]).toBe("DENY")
      expect(response.headers["content-security-policy"]).toMatch(
        /^default-src 'none'; style-src 'unsafe-inline'; form-action 'self'/
      )
      const html = textOf(response)
      expect(html).toMatch(/^<!doctype html>\n<html lang="en">/)
      expect(html).toMatch(/<title>[^<]+<\/title>/)
      expect(html).toMatch(/<h1>[^<]+<\/h1>/)
    }
  })

  it("the redirect's Location is the URL parser's serialisation of redirect_url", () => {
    const response = renderLinkPage(
      LinkPage.Applied({ ...voice, redirect_url: "https://bücher.example/a b?x=<y>", already: false })
    )
    expect(response.headers["location"]).toBe("https://xn--bcher-kva.example/a%20b?x=%3Cy%3E")
  })

  it("the confirm page's form-action also allows the redirect's origin, but only a well-formed one", () => {
    expect(renderLinkPage(confirm()).headers["content-security-policy"]).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' https://acme.example"
    )
    expect(renderLinkPage(confirm({ redirect_url: "http://[::1]:8080/x" })).headers["content-security-policy"]).toMatch(
      / form-action 'self' http:\/\/\[::1\]:8080$/
    )
    // A host with `;` parses as a URL but would end the directive: left out.
    expect(
      renderLinkPage(confirm({ redirect_url: "https://a;script-src.example/" })).headers["content-security-policy"]
    ).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
    )
  })

  it("escapes every interpolated value", () => {
    const html = textOf(
      renderLinkPage(
        confirm({
          organization: `<script>alert(1)</script>`,
          request: { id: RequestId.make(`"><b>`), right: "Access my data", status: "unverified", created_at: at }
        })
      )
    )
    expect(html).not.toContain("<script>")
    expect(html).not.toContain(`"><b>`)
    expect(html).toContain("&#60;script&#62;alert(1)&#60;/script&#62;")
  })

  it("speaks the request's language, in the organisation's colours, with its logo allowed as the only image", () => {
    const settings = {
      ...defaultOrganizationSettings,
      primary_color: "#0a7c55",
      logo_url: "https://cdn.acme.example/logo.png"
    }
    const response = renderLinkPage(confirm({ language: "fr", settings }))
    const html = textOf(response)
    expect(html).toMatch(/^<!doctype html>\n<html lang="fr">/)
    expect(html).toContain("<h1>Confirmez votre demande</h1>")
    expect(html).toContain(`<button type="submit">Confirmer</button>`)
    expect(html).toContain("background:#0a7c55")
    expect(html).toContain(`<img class="logo" src="https://cdn.acme.example/logo.png" alt="Acme">`)
    expect(response.headers["content-security-policy"]).toMatch(/; img-src https:\/\/cdn\.acme\.example$/)
    for (const language of ["de", "es"] as const) {
      expect(textOf(renderLinkPage(LinkPage.Used({ ...voice, language })))).toMatch(
        new RegExp(`<html lang="${language}">`)
      )
    }
  })

  it("a page that knows no request is in the language the browser prefers", () => {
    expect(textOf(renderLinkPage(LinkPage.NotFound(), "de"))).toContain("<h1>Link nicht gefunden</h1>")
    expect(textOf(renderLinkPage(LinkPage.NotFound()))).toContain("<h1>Link not found</h1>")
  })
})
