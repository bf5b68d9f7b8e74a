import type { Issue } from "@dsar/domain"
import { HttpApiBuilder, HttpApiError, HttpApp, HttpServerError, HttpServerResponse } from "@effect/platform"
import { Cause, Effect, Option, type ParseResult, Schema } from "effect"
import { DsarApi } from "./Api.js"
import {
  BadRequest,
  badRequestFor,
  BadRequestJson,
  MethodNotAllowed,
  MethodNotAllowedJson,
  NotFound,
  NotFoundJson,
  PayloadTooLarge,
  PayloadTooLargeJson
} from "./ApiErrors.js"
import { guardBody } from "./BodyGuard.js"
import { allowedMethods } from "./Routes.js"

type Shaped = BadRequest | NotFound | PayloadTooLarge

// Answered here rather than failed with: not every operation documents them (a GET takes no body,
// yet a body over the limit is refused on every route), so the contract's encoder would not know them.
const ShapedJson = Schema.Union(BadRequestJson, NotFoundJson, PayloadTooLargeJson)
const render = (error: Shaped) => {
  const body = Schema.encodeSync(ShapedJson)(error)
  return HttpServerResponse.unsafeJson(body, { status: body.code })
}

/** One entry per offending property: a union's alternatives would otherwise each add one. */
const byPath = (issues: ReadonlyArray<Issue>): ReadonlyArray<Issue> => {
  const merged = new Map<string, Array<string>>()
  for (const { path, message } of issues) merged.set(path, [...(merged.get(path) ?? []), message])
  return [...merged].map(([path, messages]) => ({ path, message: [...new Set(messages)].join("; ") }))
}

const invalidRequest = (error: HttpApiError.HttpApiDecodeError) => {
  const errors = byPath(
    error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }))
  )
  return badRequestFor(errors)
}

/** A schema's refusal of some input, as the 400 the API answers when it refuses the same input. */
export const badRequestOf = (error: ParseResult.ParseError): Effect.Effect<BadRequest> =>
  Effect.map(HttpApiError.HttpApiDecodeError.fromParseError(error), invalidRequest)

/** The platform's own failures and the body guard's, in the API's error shape; none for the handlers' own. */
const reshape = (error: unknown): Option.Option<Shaped> => {
  if (error instanceof HttpApiError.HttpApiDecodeError) return Option.some(invalidRequest(error))
  if (HttpServerError.isServerError(error) && error._tag === "RouteNotFound") {
    return Option.some(
      new NotFound({
        message: `No route for ${error.request.method} ${error.request.url}`,
        errors: [{ path: "", message: "no such route" }]
      })
    )
  }
  return error instanceof BadRequest || error instanceof PayloadTooLarge ? Option.some(error) : Option.none()
}

/**
 * A method no route takes at a path some route has: 405 with `Allow` (RFC 9110), rather than a 404
 * that would tell the client the resource is not there. When the method is one the path takes, the
 * router refused the path itself (a malformed escape such as `%zz` it cannot decode): no such
 * resource, a 404.
 */
const methodNotAllowed = (error: unknown): Option.Option<HttpServerResponse.HttpServerResponse> => {
  if (!HttpServerError.isServerError(error) || error._tag !== "RouteNotFound") return Option.none()
  const { method, url } = error.request
  const pathname = URL.canParse(url, "http://localhost") ? new URL(url, "http://localhost").pathname : url
  const allowed = allowedMethods(pathname)
  if (allowed.length === 0 || allowed.includes(method)) return Option.none()
  const refusal = new MethodNotAllowed({
    message: `${method} is not allowed on ${pathname}: use ${allowed.join(", ")}`,
    errors: [{ path: "", message: `must be one of ${allowed.join(", ")}` }]
  })
  return Option.some(
    HttpServerResponse.unsafeJson(Schema.encodeSync(MethodNotAllowedJson)(refusal), {
      status: 405,
      headers: { allow: allowed.join(", ") }
    })
  )
}

const answerOf = (error: unknown) => Option.orElse(methodNotAllowed(error), () => Option.map(reshape(error), render))

// Answers name one organisation's requests: no cache may keep them, and no browser may read a JSON
// error as a page of another type. Set as the answer leaves, so that failures carry them too. A 401
// names the scheme that would be accepted (RFC 9110, RFC 6750), whichever route refused.
const privateAnswers = HttpApp.appendPreResponseHandler((_request, response) =>
  Effect.succeed(
    HttpServerResponse.setHeaders(response, {
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      ...(response.status === 401 && { "www-authenticate": "Bearer" })
    })
  )
)

/**
 * Every answer of the API, including the platform's decode failures, unknown routes, malformed
 * and oversized bodies, has one error shape: `{ code, name, message, errors }`; none may be cached
 * (`Cache-Control: no-store`, `X-Content-Type-Options: nosniff`).
 */
export const ErrorShapeLive = HttpApiBuilder.middleware(
  DsarApi,
  (app) =>
    Effect.zipRight(Effect.zipRight(privateAnswers, guardBody), app).pipe(
      Effect.catchAllCause((cause: Cause.Cause<unknown>) =>
        Option.match(Option.flatMap(Cause.failureOption(cause), (error) => answerOf(error)), {
          // The handlers' own errors, which the contract encodes, and defects pass as they are.
          onNone: () => Effect.failCause(cause as Cause.Cause<never>),
          onSome: Effect.succeed
        })
      )
    )
)
