import { LinkPagesPrefix } from "@dsar/http"
import {
  type HttpApp,
  HttpMiddleware,
  HttpServerError,
  HttpServerRequest,
  type HttpServerResponse
} from "@effect/platform"
import { Cause, Context, Effect, Exit, FiberRef, LogLevel } from "effect"

// One line per answered request, written by hand instead of through Effect's logger: the
// platform's logger middleware (log span, annotations, then the JSON logger) cost about 0.5 ms of
// CPU a request, more than the rest of a GET. Lines wait for the end of the event loop's turn and
// leave in one write (stderr is written synchronously), and whatever waits is written on exit.

const waiting: Array<string> = []

const flush = () => {
  if (waiting.length === 0) return
  const text = waiting.join("")
  waiting.length = 0
  process.stderr.write(text)
}

let flushesOnExit = false

const write = (line: string) => {
  if (!flushesOnExit) {
    process.on("exit", flush)
    flushesOnExit = true
  }
  if (waiting.push(`${line}\n`) === 1) setImmediate(flush)
}

const REDACTED = "[redacted]"

/**
 * The URL as logged: a link page's token confirms a request, and query values name requesters
 * (`organization_user_id=jane.doe@example.org`), so neither is written; the path and the names of
 * the query's parameters are.
 */
export const loggedUrl = (url: string) => {
  const queryAt = url.indexOf("?")
  const path = queryAt === -1 ? url : url.slice(0, queryAt)
  const shownPath = path.startsWith(LinkPagesPrefix) ? `${LinkPagesPrefix}${REDACTED}` : path
  if (queryAt === -1) return shownPath
  const names = url.slice(queryAt + 1).split("&").map((pair) => {
    const equals = pair.indexOf("=")
    return equals === -1 ? pair : `${pair.slice(0, equals)}=${REDACTED}`
  })
  return `${shownPath}?${names.join("&")}`
}

/** The line of one answer: JSON, in the shape of the JSON logger's lines, or text on a terminal. */
const line = (request: HttpServerRequest.HttpServerRequest, status: number, startedAt: number) => {
  const millis = Math.round(performance.now() - startedAt)
  const url = loggedUrl(request.url)
  if (process.stderr.isTTY) return `${new Date().toISOString()} ${request.method} ${url} ${status} ${millis}ms`
  return JSON.stringify({
    message: "Sent HTTP response",
    logLevel: "INFO",
    timestamp: new Date().toISOString(),
    annotations: { "http.method": request.method, "http.url": url, "http.status": status },
    spans: { http: millis }
  })
}

/**
 * Logs every answer at Info (so `--log-level` above Info silences it): method, URL (tokens and
 * query values redacted), status and time taken. A request that failed unexpectedly (a defect,
 * answered 500) also has its cause logged through the logger, whatever the level.
 */
export const accessLog = HttpMiddleware.make(<E, R>(app: HttpApp.Default<E, R>) =>
  Effect.withFiberRuntime<HttpServerResponse.HttpServerResponse, E, R | HttpServerRequest.HttpServerRequest>(
    (fiber) => {
      const request = Context.unsafeGet(fiber.currentContext, HttpServerRequest.HttpServerRequest)
      const logged = LogLevel.greaterThanEqual(LogLevel.Info, fiber.getFiberRef(FiberRef.currentMinimumLogLevel))
      const startedAt = performance.now()
      return Effect.onExit(app, (exit): Effect.Effect<void> => {
        if (Exit.isSuccess(exit)) {
          return logged
            ? Effect.sync(() => write(line(request, exit.value.status, startedAt)))
            : Effect.void
        }
        const [response, cause] = HttpServerError.causeResponseStripped(exit.cause)
        if (logged) write(line(request, response.status, startedAt))
        return cause._tag === "Some" && Cause.isDie(cause.value)
          ? Effect.annotateLogs(Effect.logError(cause.value), {
            "http.method": request.method,
            "http.url": loggedUrl(request.url),
            "http.status": response.status
          })
          : Effect.void
      })
    }
  )
)
