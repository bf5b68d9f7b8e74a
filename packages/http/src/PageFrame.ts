import { type Language, type OrganizationSettings, textColorOn } from "@dsar/domain"
import { HttpServerResponse } from "@effect/platform"
import { defaultBackgroundColor, defaultPrimaryColor } from "./email/Templates.js"
import { escapeHtml, html, Raw } from "./Html.js"

// The frame and look of the public pages a requester sees (the link pages and the privacy form):
// the organisation's name or logo and colours around one card, in one language, with headers that
// allow no script, no external asset but the logo, and nothing cached.

/** An origin fit for a CSP source list: scheme, host and port, nothing that could end the directive. */
export const cspOrigin = (url: string): string | undefined => {
  try {
    const origin = new URL(url).origin
    return /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$|^https?:\/\/\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(origin) ? origin : undefined
  } catch {
    return undefined
  }
}

/** Where a page may be submitted and framed, beyond its own origin. */
export interface PageOptions {
  /**
   * The origin a confirmed form is redirected to: Chrome and Safari apply `form-action` to the
   * redirects that follow a form submission too.
   */
  readonly formTo?: string
  /**
   * The sources that may frame the page (`frame-ancestors`, its own origin always among them);
   * absent, no one may (`X-Frame-Options: DENY`).
   */
  readonly frameAncestors?: ReadonlyArray<string>
  /** Rules of the page's own, after the shared ones. */
  readonly style?: string
  /**
   * `no-referrer` unless a page says otherwise: a page whose forms are checked by their `Origin`
   * needs `same-origin`, since under `no-referrer` Chromium sends `Origin: null` with them.
   */
  readonly referrerPolicy?: "no-referrer" | "same-origin"
}

/**
 * The headers of every page: no script, no external asset, nothing cached or stored, and no
 * `Referer` by default (a link page's token is in its URL, so it must never travel to
 * `redirect_url` or anywhere else); framed only where `frameAncestors` says.
 */
const pageHeaders = (options: PageOptions) => {
  const redirectOrigin = options.formTo === undefined ? undefined : cspOrigin(options.formTo)
  const framing = options.frameAncestors === undefined
    ? ""
    : `; frame-ancestors 'self'${options.frameAncestors.map((source) => ` ${source}`).join("")}`
  return {
    "content-security-policy": `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'${
      redirectOrigin === undefined ? "" : ` ${redirectOrigin}`
    }${framing}`,
    "referrer-policy": options.referrerPolicy ?? "no-referrer",
    "cache-control": "no-store",
    ...(options.frameAncestors === undefined && { "x-frame-options": "DENY" }),
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
button:focus-visible{outline:3px solid #b45309;outline-offset:2px}
.note{color:#555;font-size:.9rem}
`
}

/** A page text with its `{name}` placeholders filled: the text escaped, the values as given (escaped unless `Raw`). */
export const fill = (text: string, values: Readonly<Record<string, string | Raw>> = {}): Raw =>
  new Raw(
    text.split(/(\{[a-z]+\})/).map((part) => {
      const value = /^\{([a-z]+)\}$/.exec(part)?.[1]
      const filled = value === undefined ? undefined : values[value]
      return filled === undefined ? escapeHtml(part) : filled instanceof Raw ? filled.html : escapeHtml(filled)
    }).join("")
  )

/** Who a page speaks for and in which language; a page that knows no organisation has only the language. */
export interface Frame {
  readonly language: Language
  readonly organization?: string
  readonly settings?: OrganizationSettings
}

const document = (title: string, frame: Frame, body: Raw, ownStyle: string) => {
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
<style>${new Raw(style(settings) + ownStyle)}</style>
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

/** A whole page with its headers; a logo's origin is allowed as an image source, and nothing else. */
export const page = (
  status: number,
  title: string,
  frame: Frame,
  body: Raw,
  options: PageOptions = {}
): HttpServerResponse.HttpServerResponse => {
  const headers = pageHeaders(options)
  const logo = frame.settings?.logo_url
  const logoOrigin = logo === null || logo === undefined ? undefined : cspOrigin(logo)
  return HttpServerResponse.text(document(title, frame, body, options.style ?? ""), {
    status,
    contentType: "text/html; charset=utf-8",
    headers: logoOrigin === undefined
      ? headers
      : { ...headers, "content-security-policy": `${headers["content-security-policy"]}; img-src ${logoOrigin}` }
  })
}
