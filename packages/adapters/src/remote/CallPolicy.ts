import { isPrivacyRequestsError, type PrivacyRequestsError, TransportError } from "@dsar/http"
import { HttpClientError } from "@effect/platform"
import { Duration, Effect, ParseResult, Schedule } from "effect"

export interface CallPolicyOptions {
  /** How long one attempt may take, answer included. Default 30 seconds. */
  readonly timeout?: Duration.DurationInput
  /** Attempts after the first for a call that may be repeated. Default 3. */
  readonly retries?: number
  /** Delay before the first retry, doubled at each next one, with jitter. Default 200 ms. */
  readonly backoff?: Duration.DurationInput
}

const statusOf = (error: unknown) =>
  HttpClientError.isHttpClientError(error) && error._tag === "ResponseError" ? error.response.status : undefined

/** Worth another try: no answer in time, no connection, rate limited, or a server error. */
const transient = (error: unknown): boolean => {
  const status = statusOf(error)
  if (status !== undefined) return status === 429 || status >= 500
  if (HttpClientError.isHttpClientError(error)) return error._tag === "RequestError" && error.reason === "Transport"
  return error instanceof TransportError && error.reason === "Timeout"
}

const systemErrors: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable"
}

// The platform's message says only "Transport error": the reason is in the causes it wraps.
const whyUnreachable = (error: HttpClientError.RequestError) => {
  for (let cause: unknown = error.cause; cause instanceof Error; cause = cause.cause) {
    const code = "code" in cause && typeof cause.code === "string" ? cause.code : undefined
    if (code !== undefined) return systemErrors[code] ? `${systemErrors[code]}, ${code}` : `${code}: ${cause.message}`
  }
  return error.cause instanceof Error ? error.cause.message : error.description ?? error.reason
}

const originOf = (url: string) => URL.canParse(url) ? new URL(url).origin : url

/** A failure of a call, as the interface's errors: the API's own as they came, the rest a `TransportError`. */
export const toInterfaceError = (error: unknown): PrivacyRequestsError => {
  if (isPrivacyRequestsError(error)) return error
  if (HttpClientError.isHttpClientError(error)) {
    const { method, url } = error.request
    return error._tag === "RequestError"
      ? new TransportError({
        reason: "Unreachable",
        message: `cannot reach ${originOf(url)} (${whyUnreachable(error)}): ${method} ${url}`
      })
      : new TransportError({
        reason: "UnexpectedResponse",
        message: `${method} ${url} answered ${error.response.status}, which the contract does not describe`
      })
  }
  if (ParseResult.isParseError(error)) {
    return new TransportError({
      reason: "UnexpectedResponse",
      message: `The answer does not match the contract: ${error.message}`
    })
  }
  return new TransportError({ reason: "UnexpectedResponse", message: String(error) })
}

/**
 * How each call to a remote API is made: every attempt within a timeout; a call that may be
 * repeated (a read, or opening a session) retried with exponential backoff and jitter while it
 * fails for a transient reason; anything else, a `POST` that creates, never repeated.
 */
export const make = (options: CallPolicyOptions = {}) => {
  const timeout = Duration.decode(options.timeout ?? Duration.seconds(30))
  const schedule = Schedule.exponential(options.backoff ?? Duration.millis(200)).pipe(
    Schedule.jittered,
    Schedule.intersect(Schedule.recurs(options.retries ?? 3))
  )
  const once = <A, E, R>(call: Effect.Effect<A, E, R>) =>
    Effect.timeoutFail(call, {
      duration: timeout,
      onTimeout: () =>
        new TransportError({ reason: "Timeout", message: `No answer within ${Duration.format(timeout)}` })
    })
  const repeatable = <A, E, R>(call: Effect.Effect<A, E, R>) => Effect.retry(once(call), { schedule, while: transient })
  return { once, repeatable } as const
}
