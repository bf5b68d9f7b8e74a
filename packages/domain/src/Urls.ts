import { ParseResult, Schema } from "effect"
import { Limits, textProblem } from "./Limits.js"

// Control characters and spaces: the URL parser drops tabs and line breaks silently, and a line
// break kept in a URL would add lines to a plain-text email. It also replaces unpaired surrogates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0020\u007F-\u009F]/

/** The URL as the parser normalises it, if it is absolute with a host and one of `protocols`. */
const normalised = (value: string, protocols: ReadonlyArray<string>): string | undefined => {
  if (CONTROL.test(value) || textProblem(value) !== undefined || value.length > Limits.url) return undefined
  try {
    const url = new URL(value)
    // Measured as stored: percent-encoding can make the normalised URL several times longer.
    return protocols.includes(url.protocol) && url.hostname.length > 0 && url.href.length <= Limits.url
      ? url.href
      : undefined
  } catch {
    return undefined
  }
}

const hasProtocol = (value: string, protocols: ReadonlyArray<string>): boolean =>
  normalised(value, protocols) !== undefined

/** An absolute URL of one of `protocols`, stored as the URL parser normalises it. */
const UrlOf = (protocols: ReadonlyArray<string>, message: string) =>
  Schema.transformOrFail(
    Schema.String,
    Schema.String.pipe(Schema.filter((s) => hasProtocol(s, protocols) || message)),
    {
      strict: true,
      decode: (raw, _, ast) => {
        const url = normalised(raw, protocols)
        return url === undefined ? ParseResult.fail(new ParseResult.Type(ast, raw, message)) : ParseResult.succeed(url)
      },
      encode: ParseResult.succeed
    }
  )

const urlMessage = (kind: string) =>
  `must be an absolute ${kind} URL of at most ${Limits.url} characters, without spaces or control characters`

// The rule above in JSON Schema, for the OpenAPI document: the scheme (any case), `://`, a host,
// then no space or control character. Stricter than the parser in corners (it also reads
// `https:host`), never looser, so a document-valid URL is never refused.
const NOT_CONTROL = "[^\\u0000-\\u0020\\u007f-\\u009f"
const urlJsonSchema = (scheme: string) => ({
  format: "uri",
  pattern: `^${scheme}://${NOT_CONTROL}/?#]+(?:[/?#]${NOT_CONTROL}]*)?$`,
  maxLength: Limits.url
})

/** `http` or `https`, in any case, as a JSON Schema pattern. */
const HTTP_OR_HTTPS = "[Hh][Tt][Tt][Pp][Ss]?"
const HTTPS = "[Hh][Tt][Tt][Pp][Ss]"

export const HttpUrl = UrlOf(["http:", "https:"], urlMessage("http(s)")).annotations({
  identifier: "HttpUrl",
  description: "An absolute http or https URL.",
  jsonSchema: urlJsonSchema(HTTP_OR_HTTPS),
  arbitrary: () => (fc) => fc.webUrl({ validSchemes: ["http", "https"] }).map((url) => new URL(url).href)
})
export type HttpUrl = typeof HttpUrl.Type

export const HttpsUrl = UrlOf(["https:"], urlMessage("https")).annotations({
  identifier: "HttpsUrl",
  description: "An absolute https URL.",
  jsonSchema: urlJsonSchema(HTTPS),
  arbitrary: () => (fc) => fc.webUrl({ validSchemes: ["https"] }).map((url) => new URL(url).href)
})
export type HttpsUrl = typeof HttpsUrl.Type

/** What an https URL is in JSON Schema, for schemas that describe one by hand. */
export const HttpsUrlJsonSchema = { type: "string", ...urlJsonSchema(HTTPS) } as const
