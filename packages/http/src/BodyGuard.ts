import { HttpServerError, HttpServerRequest } from "@effect/platform"
import { Effect, Option } from "effect"
import { MaxBodyBytes, MaxJsonDepth } from "./Api.js"
import { BadRequest, PayloadTooLarge } from "./ApiErrors.js"
import { ConsolePrefix } from "./console/ConsoleRoutes.js"
import { LinkPagesPrefix } from "./LinkUrl.js"
import { PrivacyFormPrefix } from "./privacy/FormPath.js"

export const tooLarge = new PayloadTooLarge({
  message: `The body is larger than ${MaxBodyBytes} bytes`,
  errors: [{ path: "", message: `must be at most ${MaxBodyBytes} bytes` }]
})

const badBody = (message: string) => new BadRequest({ message, errors: [{ path: "", message }] })

/** Whether a JSON value nests deeper than `max`, measured without recursion. */
export const nestsDeeperThan = (value: unknown, max: number): boolean => {
  const pending: Array<[unknown, number]> = [[value, 0]]
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!
    if (typeof current !== "object" || current === null) continue
    if (depth >= max) return true
    for (const child of Object.values(current)) pending.push([child, depth + 1])
  }
  return false
}

const hasBody = (request: HttpServerRequest.HttpServerRequest) =>
  Number(request.headers["content-length"] ?? 0) > 0 || request.headers["transfer-encoding"] !== undefined

// Only `application/json` itself: the contract decodes other types, `+json` ones included, from the
// raw bytes, which it would wait for forever on a stream this guard has already read.
const isJson = (contentType: string | undefined) => /^application\/json\b/i.test(contentType ?? "")

/**
 * The public link pages (`/links/<token>`), the requesters' form (`/privacy/<organisation>`) and
 * the console (`/console/...`) are HTML pages for browsers, not API routes: their forms post
 * `application/x-www-form-urlencoded` (the link pages' with no field, which they never read; the
 * form's and the console's with their fields and token, which they read themselves). The JSON-only rule exists to protect the API's decoders, so it has nothing to
 * guard there; applying it would only turn a click into a JSON error. The size limit still holds.
 */
const BrowserPagePrefixes = [LinkPagesPrefix, PrivacyFormPrefix, ConsolePrefix]

const isBrowserPage = (request: HttpServerRequest.HttpServerRequest) => {
  // Both as sent and with dot segments resolved, so `/links/../dsar/...` is still guarded.
  // Resolved only for a page's path: parsing a URL is a good part of a small request's cost.
  const raw = request.url.split("?", 1)[0] ?? ""
  const prefix = BrowserPagePrefixes.find((candidate) => raw.startsWith(candidate))
  return prefix !== undefined && URL.canParse(request.url, "http://localhost") &&
    new URL(request.url, "http://localhost").pathname.startsWith(prefix)
}

/**
 * Reads and checks a request's body before any route sees it: JSON only, within the size and
 * depth limits, well-formed. The text is cached by the platform, so routes read it again for free.
 */
export const guardBody = Effect.gen(function*() {
  const request = yield* HttpServerRequest.HttpServerRequest
  if (!hasBody(request)) return
  if (Number(request.headers["content-length"] ?? 0) > MaxBodyBytes) return yield* Effect.fail(tooLarge)
  if (isBrowserPage(request)) return
  if (!isJson(request.headers["content-type"])) {
    return yield* Effect.fail(badBody("The body must be JSON, sent with content-type: application/json"))
  }
  const text = yield* request.text.pipe(
    HttpServerRequest.withMaxBodySize(Option.some(MaxBodyBytes)),
    Effect.mapError((error) =>
      HttpServerError.isServerError(error) && error.cause instanceof Error &&
        error.cause.message === "maxBytes exceeded"
        ? tooLarge
        : badBody("The body could not be read")
    )
  )
  const parsed = yield* Effect.try({
    try: () => JSON.parse(text) as unknown,
    catch: () => badBody("The body is not valid JSON")
  })
  if (nestsDeeperThan(parsed, MaxJsonDepth)) {
    return yield* Effect.fail(badBody(`The body nests deeper than ${MaxJsonDepth} levels`))
  }
})
