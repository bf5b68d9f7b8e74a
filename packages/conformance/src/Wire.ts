import { type RequestId } from "@dsar/domain"
import { TransportError } from "@dsar/http"
import { HttpClient, HttpClientRequest, type HttpClientResponse } from "@effect/platform"
import { Context, Effect, Layer, Redacted, Ref } from "effect"

/** An answer as it came over the wire: its status and its body, parsed when it is JSON. */
export interface WireAnswer {
  readonly status: number
  readonly body: unknown
}

/**
 * The API spoken as bytes, for what a typed client cannot send: both `PrivacyRequests`
 * implementations refuse a PATCH naming a non-editable property before it leaves the caller, so
 * only a raw body shows whether the server refuses it too.
 */
export class Wire extends Context.Tag("@dsar/conformance/Wire")<Wire, {
  readonly patch: (id: RequestId, body: unknown) => Effect.Effect<WireAnswer, TransportError>
}>() {}

export interface WireOptions {
  /** The API's base URL, e.g. `http://127.0.0.1:3000`. */
  readonly baseUrl: string
  readonly key: string
  readonly secret: Redacted.Redacted
  /** Sent as `organization_id`, as `RemotePrivacyRequests` sends it. Default: the session's. */
  readonly organizationId?: string
}

const unreachable = (error: unknown) =>
  new TransportError({ reason: "Unreachable", message: `The API could not be asked: ${String(error)}` })

const bodyOf = (response: HttpClientResponse.HttpClientResponse) =>
  Effect.map(response.text, (text) => {
    try {
      return JSON.parse(text) as unknown
    } catch {
      return text
    }
  })

/** `Wire` over HTTP, with a session opened by the key and secret (`POST /v1/sessions`), opened again once on a 401. */
export const layer = (options: WireOptions) =>
  Layer.effect(
    Wire,
    Effect.gen(function*() {
      const http = yield* HttpClient.HttpClient
      const base = options.baseUrl.replace(/\/+$/, "")
      const login = HttpClientRequest.post(`${base}/v1/sessions`).pipe(
        HttpClientRequest.bodyUnsafeJson({ type: "api-key", key: options.key, secret: Redacted.value(options.secret) }),
        http.execute,
        Effect.flatMap(bodyOf),
        Effect.flatMap((body) => {
          const token = (body as { access_token?: unknown } | null)?.access_token
          return typeof token === "string"
            ? Effect.succeed(token)
            : Effect.fail(
              new TransportError({ reason: "UnexpectedResponse", message: "POST /v1/sessions gave no access_token" })
            )
        }),
        Effect.mapError((error) => (error instanceof TransportError ? error : unreachable(error)))
      )
      const token = yield* Ref.make<string | undefined>(undefined)
      const currentToken = Effect.flatMap(Ref.get(token), (known) =>
        known === undefined ? Effect.tap(login, (fresh) => Ref.set(token, fresh)) : Effect.succeed(known))
      const send = (id: RequestId, body: unknown) =>
        Effect.flatMap(currentToken, (bearer) =>
          HttpClientRequest.patch(`${base}/dsar/requests/${encodeURIComponent(id)}`).pipe(
            HttpClientRequest.setUrlParams(
              options.organizationId === undefined ? {} : { organization_id: options.organizationId }
            ),
            HttpClientRequest.bearerToken(bearer),
            HttpClientRequest.bodyUnsafeJson(body),
            http.execute,
            Effect.flatMap((response) =>
              Effect.map(bodyOf(response), (parsed) => ({ status: response.status, body: parsed }))
            ),
            Effect.mapError(unreachable)
          ))
      return {
        patch: (id, body) =>
          Effect.flatMap(send(id, body), (answer) =>
            answer.status === 401 ? Effect.zipRight(Ref.set(token, undefined), send(id, body)) : Effect.succeed(answer))
      }
    })
  )
