import { FallbackLanguage, type Language, languageOfAcceptLanguage } from "@dsar/domain"
import { HttpApiBuilder, HttpRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect } from "effect"
import { html } from "./Html.js"
import { DonePagePath, LinkPagesPrefix } from "./LinkUrl.js"
import { fill, type Frame, page } from "./PageFrame.js"
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
        { formTo: outcome.redirect_url }
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
