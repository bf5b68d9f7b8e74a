import { can } from "@dsar/domain"
import { HttpServerResponse } from "@effect/platform"
import { html, Raw } from "../Html.js"
import { csrfField, type SignedInOperator } from "./ConsoleAuth.js"
import { ConsoleCssPath } from "./ConsoleStyle.js"

const policy = (styles: string, images: string) =>
  `default-src 'none'; style-src ${styles}; img-src ${images}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`

/** The console's headers: its own stylesheet and nothing else, never framed, never cached. */
export const consoleHeaders = {
  "content-security-policy": policy("'self'", "'self'"),
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff"
}

/**
 * The headers of a page framing a document in a sandboxed `srcdoc` (which takes the page's
 * policy): its inline styles allowed by their hashes (FramedStyles.ts), and images over https, as
 * an email's logo is.
 */
const framingHeaders = (styles: ReadonlyArray<string>) => ({
  ...consoleHeaders,
  "content-security-policy": policy(["'self'", "'unsafe-hashes'", ...styles].join(" "), "'self' https:")
})

/** Where the sign-out form posts. */
export const SignOutPath = "/console/sign-out"

interface NavItem {
  readonly href: string
  readonly label: string
}

const navItems = (operator: SignedInOperator): ReadonlyArray<NavItem> => [
  { href: "/console", label: "Dashboard" },
  { href: "/console/requests", label: "Requests" },
  ...(can(operator.role, "settings.read") ? [{ href: "/console/settings", label: "Settings" }] : [])
]

/** Whether the page at `path` belongs under the nav item `href` (its section). */
const inSection = (href: string, path: string) =>
  href === "/console" ? path === "/console" : path === href || path.startsWith(`${href}/`)

export interface ConsolePage {
  readonly title: string
  /** The signed-in operator; none on the sign-in pages. */
  readonly operator?: SignedInOperator
  /** The path of the page, to mark its section in the navigation. */
  readonly path?: string
  readonly body: Raw
  /** Whether the layout heads the page with its title; no when the body has its own `h1`. */
  readonly heading?: boolean
  readonly status?: number
  /** A narrow, centred main column (sign-in pages). */
  readonly narrow?: boolean
  /** The CSP sources of the inline styles of a document the page frames (`framedStyleSources`). */
  readonly framedStyles?: ReadonlyArray<string>
}

/** The whole HTML document of a console page: head, skip link, navigation, sign-out, main landmark. */
export const consoleDocument = (page: ConsolePage): string => {
  const { operator } = page
  const path = page.path ?? ""
  const header = operator === undefined
    ? html`<header><div class="bar"><span class="brand">Privacy requests</span></div></header>`
    : html`<header><div class="bar">
<a class="brand" href="/console">Privacy requests</a>
<nav aria-label="Console"><ul>${
      navItems(operator).map((item) =>
        inSection(item.href, path)
          ? html`<li><a href="${item.href}" aria-current="page">${item.label}</a></li>`
          : html`<li><a href="${item.href}">${item.label}</a></li>`
      )
    }</ul></nav>
<div class="who"><span>${operator.email} · ${operator.role}</span>
<form method="post" action="${SignOutPath}">${csrfField(operator)}<button type="submit">Sign out</button></form></div>
</div></header>`
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${page.title} – Privacy requests console</title>
<link rel="stylesheet" href="${ConsoleCssPath}">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
${header}
<main id="main"${new Raw(page.narrow === true ? ` class="narrow"` : "")}>
${page.heading === false ? html`` : html`<h1>${page.title}</h1>`}
${page.body}
</main>
</body>
</html>
`.html
}

/** A console page as the response: HTML, with the console's headers. */
export const consolePage = (page: ConsolePage): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text(consoleDocument(page), {
    status: page.status ?? 200,
    contentType: "text/html; charset=utf-8",
    headers: page.framedStyles === undefined ? consoleHeaders : framingHeaders(page.framedStyles)
  })

/** After a form: on to a page (303, so a reload does not post again). */
export const seeOther = (location: string) =>
  HttpServerResponse.empty({ status: 303, headers: { location, "cache-control": "no-store" } })
