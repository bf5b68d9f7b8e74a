import { HttpApiBuilder, HttpRouter, HttpServerResponse } from "@effect/platform"
import { Effect } from "effect"
import { statusLabels } from "./email/Templates.js"
import { html, Raw } from "./Html.js"
import { DonePagePath, LinkPagesPrefix } from "./LinkUrl.js"
import { type LinkPage, LinksService } from "./services/Links.js"
import { formatInstant } from "./Time.js"

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

const STYLE = `
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f5f5f2}
main{max-width:34rem;margin:3rem auto;padding:2rem;background:#fff;border:1px solid #ddd;border-radius:.5rem}
h1{font-size:1.5rem;margin:0 0 1rem}
.org{margin:0 0 .25rem;color:#555;font-size:.9rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:1.5rem 0}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
button{font:inherit;font-weight:600;padding:.6rem 1.4rem;border:0;border-radius:.35rem;background:#1d4ed8;color:#fff;cursor:pointer}
button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.note{color:#555;font-size:.9rem}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}main{background:#1c1c1c;border-color:#333}.org,.note{color:#aaa}}
`

const document = (title: string, organization: string | undefined, body: Raw) =>
  html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${organization === undefined ? title : `${title} – ${organization}`}</title>
<style>${new Raw(STYLE)}</style>
</head>
<body>
<main>
${organization === undefined ? new Raw("") : html`<p class="org">${organization}</p>`}
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`.html

const page = (status: number, title: string, organization: string | undefined, body: Raw, formTo?: string) =>
  HttpServerResponse.text(document(title, organization, body), {
    status,
    contentType: "text/html; charset=utf-8",
    headers: pageHeaders(formTo)
  })

const when = (date: Date) => html`<time datetime="${date.toISOString()}">${formatInstant(date)}</time>`

/** The host the requester is sent to after confirming, for them to know where they will land. */
const hostOf = (url: string) => {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/** The answer to one visit of a link page. */
export const renderLinkPage = (outcome: LinkPage): HttpServerResponse.HttpServerResponse => {
  switch (outcome._tag) {
    case "Confirm": {
      const verifying = outcome.status === "verified"
      return page(
        200,
        verifying ? "Confirm your request" : "Confirm this change",
        outcome.organization,
        html`<p>${outcome.organization} received a privacy request in your name and asks you to confirm it.</p>
<dl>
<dt>Request</dt><dd>${outcome.request.right}</dd>
<dt>Reference</dt><dd>${outcome.request.id}</dd>
<dt>Received</dt><dd>${when(outcome.request.created_at)}</dd>
<dt>Now</dt><dd>${statusLabels[outcome.request.status]}</dd>
<dt>After confirming</dt><dd>${statusLabels[outcome.status]}</dd>
<dt>Link valid until</dt><dd>${when(outcome.expires_at)}</dd>
</dl>
<form method="post">
<button type="submit">Confirm</button>
</form>
<p class="note">You will then be taken to ${
          hostOf(outcome.redirect_url)
        }. If you did not make this request, close this page: nothing changes unless you confirm.</p>`,
        outcome.redirect_url
      )
    }
    case "Applied": {
      // Normalised by the URL parser (punycode, percent-encoding), so it is a valid header value;
      // the schema only ever stores absolute http(s) URLs.
      const location = new URL(outcome.redirect_url).href
      return HttpServerResponse.setHeaders(
        page(
          303,
          outcome.already ? "Already confirmed" : "Confirmed",
          outcome.organization,
          html`<p>Thank you. <a href="${location}">Continue to ${hostOf(location)}</a>.</p>`
        ),
        { location }
      )
    }
    case "Renewed":
      return page(
        410,
        "This link has expired",
        outcome.organization,
        !outcome.emailed
          ? html`<p>The link expired on ${
            when(outcome.expired_at)
          }. Please ask ${outcome.organization} for a new one.</p>`
          : outcome.sent === "now"
          ? html`<p>The link expired on ${
            when(outcome.expired_at)
          }. A new link will be sent to you by email: open it to confirm your request.</p>`
          : html`<p>The link expired on ${
            when(outcome.expired_at)
          }. A new link has already been sent to you by email: use the most recent one.</p>`
      )
    case "Used":
      return page(
        409,
        "This link has already been used",
        outcome.organization,
        html`<p>This link was confirmed already, and your request has changed since. There is nothing more to do with it. If you have a question, contact ${outcome.organization}.</p>`
      )
    case "Refused":
      return page(
        409,
        "This link can no longer be used",
        outcome.organization,
        html`<p>Your request is now ${statusLabels[outcome.from]}, so it can no longer be marked ${
          statusLabels[outcome.to]
        }. Nothing was changed. If you have a question, contact ${outcome.organization}.</p>`
      )
    case "Busy":
      return page(
        409,
        "Please try again",
        undefined,
        html`<p>Your request was being changed at the same moment. Nothing was changed by this visit; please go back and try again in a moment.</p>`
      )
    case "NotFound":
      return page(
        404,
        "Link not found",
        undefined,
        html`<p>This link is not valid. Check that you opened the whole address from the email.</p>`
      )
  }
}

/** The default landing after a confirmation (`DonePagePath`): the requester is done, and told so. */
export const renderDonePage = (): HttpServerResponse.HttpServerResponse =>
  page(
    200,
    "Thank you",
    undefined,
    html`<p>Your confirmation was received. There is nothing more to do: you can close this page.</p>`
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
    // A static route: it wins over the token wildcard beside it.
    yield* router.get(DonePagePath, Effect.sync(renderDonePage))
    yield* router.get(path, Effect.map(Effect.flatMap(token, links.open), renderLinkPage))
    // Uninterruptible: a requester who closes the tab mid-confirmation does not cut it short.
    yield* router.post(path, Effect.map(Effect.flatMap(token, links.confirm), renderLinkPage), {
      uninterruptible: true
    })
  })
)
