import {
  FallbackLanguage,
  type Language,
  languageOfAcceptLanguage,
  type OrganizationSettings,
  textColorOn
} from "@dsar/domain"
import { HttpApiBuilder, HttpRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect } from "effect"
import { defaultBackgroundColor, defaultPrimaryColor } from "./email/Templates.js"
import { escapeHtml, html, Raw } from "./Html.js"
import { DonePagePath, LinkPagesPrefix } from "./LinkUrl.js"
import { type LinkPage, LinksService, type PageVoice } from "./services/Links.js"
import { formatInstant } from "./Time.js"
import { wordings } from "./wording/index.js"

// The public link pages: `GET /links/:token` shows what confirming would do and changes nothing
// (mail scanners prefetch links), except that opening an expired link issues a fresh one, once;
// `POST /links/:token` confirms. The token in the URL is the only authorisation. That makes the
// form CSRF-safe without a CSRF token: a cross-site POST can only be forged by someone who already
// holds the token, and holding it is all confirming takes. Nothing else (no cookie, no session)
// grants anything here.
//
// Statuses: 200 the confirmation page; 303 to `redirect_url` once the link's event holds (just
// applied, or a second confirmation); 404 unknown token; 409 the link was used and the request
// moved on since, or the request's status no longer allows the event, or concurrent changes kept
// winning; 410 the link expired (a fresh link was issued and emailed, now or by an earlier visit).

/** An origin fit for a CSP source list: scheme, host and port, nothing that could end the directive. */
const cspOrigin = (url: string): string | undefined => {
  try {
    const origin = new URL(url).origin
    return /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$|^https?:\/\/\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(origin) ? origin : undefined
  } catch {
    return undefined
  }
}

/**
 * The headers of every link page. No script, no external asset, no framing, nothing cached or
 * stored, and no `Referer`: the token is in the URL, so it must never travel to `redirect_url`
 * or anywhere else. `formTo` adds the origin a confirmed form is redirected to: Chrome and Safari
 * apply `form-action` to the redirects that follow a form submission too.
 */
const pageHeaders = (formTo?: string) => {
  const redirectOrigin = formTo === undefined ? undefined : cspOrigin(formTo)
  return {
    "content-security-policy": `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'${
      redirectOrigin === undefined ? "" : ` ${redirectOrigin}`
    }`,
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff"
  }
}

const style = (settings: OrganizationSettings | undefined) => {
  const primary = settings?.primary_color ?? defaultPrimaryColor
  const background = settings?.background_color ?? defaultBackgroundColor
  return `
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:${
    textColorOn(background) === "#ffffff" ? "#ffffff" : "#1b1b1b"
  };background:${background}}
main{max-width:34rem;margin:3rem auto;padding:2rem;background:#fff;color:#1b1b1b;border:1px solid #ddd;border-top:4px solid ${primary};border-radius:.5rem}
@media (max-width:36rem){main{margin:0;border-radius:0;border-left:0;border-right:0;padding:1.25rem}dl{grid-template-columns:1fr;gap:0}dd{margin:0 0 .5rem}}
h1{font-size:1.5rem;margin:0 0 1rem}
.org{margin:0 0 .25rem;color:#555;font-size:.9rem}
.logo{display:block;height:48px;width:auto;max-width:100%;margin:0 0 1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:1.5rem 0}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
button{font:inherit;font-weight:600;padding:.6rem 1.4rem;border:0;border-radius:.35rem;background:${primary};color:${
    textColorOn(primary)
  };cursor:pointer}
button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.note{color:#555;font-size:.9rem}
`
}

/** A page text with its `{name}` placeholders filled: the text escaped, the values as given (escaped unless `Raw`). */
const fill = (text: string, values: Readonly<Record<string, string | Raw>> = {}): Raw =>
  new Raw(
    text.split(/(\{[a-z]+\})/).map((part) => {
      const value = /^\{([a-z]+)\}$/.exec(part)?.[1]
      const filled = value === undefined ? undefined : values[value]
      return filled === undefined ? escapeHtml(part) : filled instanceof Raw ? filled.html : escapeHtml(filled)
    }).join("")
  )

interface Frame {
  readonly language: Language
  readonly organization?: string
  readonly settings?: OrganizationSettings
}

const document = (title: string, frame: Frame, body: Raw) => {
  const { organization, settings } = frame
  const heading = organization === undefined
    ? new Raw("")
    : settings?.logo_url === null || settings?.logo_url === undefined
    ? html`<p class="org">${organization}</p>`
    : html`<img class="logo" src="${settings.logo_url}" alt="${organization}">`
  return html`<!doctype html>
<html lang="${frame.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${organization === undefined ? title : `${title} – ${organization}`}</title>
<style>${new Raw(style(settings))}</style>
</head>
<body>
<main>
${heading}
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`.html
}

/** The page's headers; a logo's origin is allowed as an image source, and nothing else. */
const page = (status: number, title: string, frame: Frame, body: Raw, formTo?: string) => {
  const headers = pageHeaders(formTo)
  const logo = frame.settings?.logo_url
  const logoOrigin = logo === null || logo === undefined ? undefined : cspOrigin(logo)
  return HttpServerResponse.text(document(title, frame, body), {
    status,
    contentType: "text/html; charset=utf-8",
    headers: logoOrigin === undefined
      ? headers
      : { ...headers, "content-security-policy": `${headers["content-security-policy"]}; img-src ${logoOrigin}` }
  })
}

const when = (date: Date, language: Language) =>
  html`<time datetime="${date.toISOString()}">${formatInstant(date, language)}</time>`

/** The host the requester is sent to after confirming, for them to know where they will land. */
const hostOf = (url: string) => {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

const frameOf = (voice: PageVoice): Frame => ({
  language: voice.language,
  organization: voice.organization,
  settings: voice.settings
})

/**
 * The answer to one visit of a link page, in the request's language; a page that knows no
 * request (an unknown link, say) is in `language`, the one the browser prefers.
 */
export const renderLinkPage = (
  outcome: LinkPage,
  language: Language = FallbackLanguage
): HttpServerResponse.HttpServerResponse => {
  switch (outcome._tag) {
    case "Confirm": {
      const t = wordings[outcome.language].pages
      const statuses = wordings[outcome.language].statuses
      const verifying = outcome.status === "verified"
      return page(
        200,
        verifying ? t.confirmTitle : t.confirmChangeTitle,
        frameOf(outcome),
        html`<p>${fill(t.confirmIntro, { organization: outcome.organization })}</p>
<dl>
<dt>${t.request}</dt><dd>${outcome.request.right}</dd>
<dt>${t.reference}</dt><dd>${outcome.request.id}</dd>
<dt>${t.received}</dt><dd>${when(outcome.request.created_at, outcome.language)}</dd>
<dt>${t.now}</dt><dd>${statuses[outcome.request.status]}</dd>
<dt>${t.afterConfirming}</dt><dd>${statuses[outcome.status]}</dd>
<dt>${t.validUntil}</dt><dd>${when(outcome.expires_at, outcome.language)}</dd>
</dl>
<form method="post">
<button type="submit">${t.confirm}</button>
</form>
<p class="note">${fill(t.confirmNote, { host: hostOf(outcome.redirect_url) })}</p>`,
        outcome.redirect_url
      )
    }
    case "Applied": {
      const t = wordings[outcome.language].pages
      // Normalised by the URL parser (punycode, percent-encoding), so it is a valid header value;
      // the schema only ever stores absolute http(s) URLs.
      const location = new URL(outcome.redirect_url).href
      const link = html`<a href="${location}">${fill(t.continueTo, { host: hostOf(location) })}</a>`
      return HttpServerResponse.setHeaders(
        page(
          303,
          outcome.already ? t.alreadyConfirmedTitle : t.confirmedTitle,
          frameOf(outcome),
          html`<p>${fill(t.thankYou, { continue: link })}</p>`
        ),
        { location }
      )
    }
    case "Renewed": {
      const t = wordings[outcome.language].pages
      const values = { date: when(outcome.expired_at, outcome.language), organization: outcome.organization }
      const text = !outcome.emailed ? t.expiredAsk : outcome.sent === "now" ? t.expiredSentNow : t.expiredSentEarlier
      return page(410, t.expiredTitle, frameOf(outcome), html`<p>${fill(text, values)}</p>`)
    }
    case "Used": {
      const t = wordings[outcome.language].pages
      return page(
        409,
        t.usedTitle,
        frameOf(outcome),
        html`<p>${fill(t.used, { organization: outcome.organization })}</p>`
      )
    }
    case "Refused": {
      const t = wordings[outcome.language].pages
      const statuses = wordings[outcome.language].statuses
      return page(
        409,
        t.refusedTitle,
        frameOf(outcome),
        html`<p>${
          fill(t.refused, {
            from: statuses[outcome.from],
            to: statuses[outcome.to],
            organization: outcome.organization
          })
        }</p>`
      )
    }
    case "Busy": {
      const t = wordings[language].pages
      return page(409, t.busyTitle, { language }, html`<p>${t.busy}</p>`)
    }
    case "NotFound": {
      const t = wordings[language].pages
      return page(404, t.notFoundTitle, { language }, html`<p>${t.notFound}</p>`)
    }
  }
}

/** The default landing after a confirmation (`DonePagePath`): the requester is done, and told so. */
export const renderDonePage = (language: Language = FallbackLanguage): HttpServerResponse.HttpServerResponse => {
  const t = wordings[language].pages
  return page(200, t.doneTitle, { language }, html`<p>${t.done}</p>`)
}

/** The language the visitor's browser prefers (`Accept-Language`), for pages that know no request. */
const browserLanguage = Effect.map(
  HttpServerRequest.HttpServerRequest,
  (request) => languageOfAcceptLanguage(request.headers["accept-language"]) ?? FallbackLanguage
)

/**
 * The token: everything after `/links/`. A wildcard rather than a `:token` parameter, so that a
 * token longer than the router's parameter limit, or an address with extra segments, still gets
 * the HTML "not found" page rather than the API's JSON 404.
 */
const token = Effect.map(HttpRouter.params, (params) => params["*"] ?? "")

/**
 * The public link pages, mounted on the API's router (outside the `HttpApi` contract: they answer
 * HTML, not JSON, and need no session).
 */
export const LinkPagesLive = HttpApiBuilder.Router.use((router) =>
  Effect.gen(function*() {
    const links = yield* LinksService
    const path = `${LinkPagesPrefix}*` as const
    const render = (outcome: LinkPage) => Effect.map(browserLanguage, (language) => renderLinkPage(outcome, language))
    // A static route: it wins over the token wildcard beside it.
    yield* router.get(DonePagePath, Effect.map(browserLanguage, renderDonePage))
    yield* router.get(path, Effect.flatMap(Effect.flatMap(token, links.open), render))
    // Uninterruptible: a requester who closes the tab mid-confirmation does not cut it short.
    yield* router.post(path, Effect.flatMap(Effect.flatMap(token, links.confirm), render), {
      uninterruptible: true
    })
  })
)
