import type { Issue } from "@dsar/domain"
import { HttpApiBuilder, HttpApiError, HttpApp, HttpServerError, HttpServerResponse } from "@effect/platform"
import { Cause, Effect, Option, type ParseResult } from "effect"
import { DsarApi } from "./Api.js"
import { BadRequest, NotFound, type PayloadTooLarge } from "./ApiErrors.js"
import { guardBody } from "./BodyGuard.js"

// The app's failures are untyped here: the handlers' own errors pass through as they are.
type Shaped = BadRequest | NotFound | PayloadTooLarge

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
  return new BadRequest({
    message: `Invalid request: ${errors.map((e) => `${e.path || "body"} ${e.message}`).join("; ")}`,
    errors
  })
}

/** A schema's refusal of some input, as the 400 the API answers when it refuses the same input. */
export const badRequestOf = (error: ParseResult.ParseError): Effect.Effect<BadRequest> =>
  Effect.map(HttpApiError.HttpApiDecodeError.fromParseError(error), invalidRequest)

/** The platform's own failures, in the API's error shape. */
const reshape = (error: unknown): Shaped => {
  if (error instanceof HttpApiError.HttpApiDecodeError) return invalidRequest(error)
  if (HttpServerError.isServerError(error) && error._tag === "RouteNotFound") {
    return new NotFound({
      message: `No route for ${error.request.method} ${error.request.url}`,
      errors: [{ path: "", message: "no such route" }]
    })
  }
  return error as Shaped
}

// Answers name one organisation's requests: no cache may keep them, and no browser may read a JSON
// error as a page of another type. Set as the answer leaves, so that failures carry them too.
const privateAnswers = HttpApp.appendPreResponseHandler((_request, response) =>
  Effect.succeed(
    HttpServerResponse.setHeaders(response, { "cache-control": "no-store", "x-content-type-options": "nosniff" })
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
        Option.match(Cause.failureOption(cause), {
          onNone: () => Effect.failCause(cause as Cause.Cause<Shaped>),
          onSome: (error) => Effect.fail(reshape(error))
        })
      )
    )
)
