import { Effect } from "effect"

// A document shown in an `<iframe srcdoc>` takes the policy of the page framing it: under the
// console's `style-src 'self'`, an email's inline styles would all be dropped. Rather than let
// every inline style on the page (`'unsafe-inline'`), the page answering a preview allows exactly
// the styles of the document it frames, each by its SHA-256 (`'unsafe-hashes'` for style
// attributes): anything else injected would still be refused.

const references: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" }

/** An attribute's value as the browser reads it: its character references replaced (the ones `escapeHtml` and authors write). */
const decoded = (value: string) =>
  value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(parseInt(name.slice(2), 16))
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)))
    return references[name.toLowerCase()] ?? whole
  })

/** The document's inline styles: its style attributes' values and its `<style>` elements' text. */
export const inlineStyles = (document: string): ReadonlyArray<string> => [
  ...new Set([
    ...[...document.matchAll(/\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)].map((m) => decoded(m[1] ?? m[2] ?? "")),
    ...[...document.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)].map((m) => m[1] ?? "")
  ])
]

const sha256 = (text: string) =>
  Effect.map(
    Effect.promise(() => crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))),
    (digest) => `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`
  )

/** The CSP sources allowing exactly the inline styles of `document`, framed by the page. */
export const framedStyleSources = (document: string) =>
  Effect.forEach(inlineStyles(document), sha256, { concurrency: "unbounded" })
