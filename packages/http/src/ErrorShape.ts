import { HttpApiBuilder, HttpApiError, HttpServerError, HttpServerRequest } from "@effect/platform"
import { Cause, Effect, Option } from "effect"
import { DsarApi, MaxBodyBytes } from "./Api.js"
import { BadRequest, NotFound, PayloadTooLarge } from "./ApiErrors.js"

const tooLarge = new PayloadTooLarge({
  message: `The body is larger than ${MaxBodyBytes} bytes`,
  errors: [{ path: "", message: `must be at most ${MaxBodyBytes} bytes` }]
})

// The app's failures are untyped here: the handlers' own errors pass through as they are.
type Shaped = BadRequest | NotFound | PayloadTooLarge

/** The platform's own failures, in the API's error shape. */
const reshape = (error: unknown): Shaped => {
  if (error instanceof HttpApiError.HttpApiDecodeError) {
    return new BadRequest({
      message: `Invalid request: ${error.issues.map((i) => `${i.path.map(String).join(".") || "body"} ${i.message}`).join("; ")}`,
      errors: error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }))
    })
  }
  if (HttpServerError.isServerError(error) && error._tag === "RouteNotFound") {
    return new NotFound({
      message: `No route for ${error.request.method} ${error.request.url}`,
      errors: [{ path: "", message: "no such route" }]
    })
  }
  if (HttpServerError.isServerError(error) && error._tag === "RequestError") {
    if (error.cause instanceof Error && error.cause.message === "maxBytes exceeded") return tooLarge
    return new BadRequest({ message: "The body is not valid JSON", errors: [{ path: "", message: "is not valid JSON" }] })
  }
  return error as Shaped
}

/**
 * Every answer of the API, including the platform's decode failures, unknown routes, malformed
 * and oversized bodies, has one error shape: `{ code, name, message, errors }`.
 */
export const ErrorShapeLive = HttpApiBuilder.middleware(DsarApi, (app) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    if (Number(request.headers["content-length"] ?? 0) > MaxBodyBytes) return yield* Effect.fail(tooLarge)
    return yield* app
  }).pipe(
    HttpServerRequest.withMaxBodySize(Option.some(MaxBodyBytes)),
    Effect.catchAllCause((cause: Cause.Cause<unknown>) =>
      Option.match(Cause.failureOption(cause), {
        onNone: () => Effect.failCause(cause as Cause.Cause<Shaped>),
        onSome: (error) => Effect.fail(reshape(error))
      })
    )
  )
)
