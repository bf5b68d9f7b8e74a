import { LocalPrivacyRequests } from "@dsar/adapters"
import { RemotePrivacyRequests } from "@dsar/adapters/remote"
import type { OrganizationCredentials, PrivacyRequests, StorePorts } from "@dsar/http"
import { HttpClient, HttpServer } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Effect, Layer, Redacted } from "effect"

/** The loopback URL the test server (`TestApp`) listens on. */
export const serverUrl = Effect.flatMap(HttpServer.HttpServer, (server) =>
  server.address._tag === "TcpAddress"
    ? Effect.succeed(`http://127.0.0.1:${server.address.port}`)
    : Effect.dieMessage("the test server listens on TCP"))

/** An implementation of `PrivacyRequests`, connected as an organisation of the test environment. */
export interface Implementation {
  readonly name: string
  readonly connect: (
    credentials: OrganizationCredentials,
    remote?: Partial<RemotePrivacyRequests.RemoteOptions>
  ) => Layer.Layer<PrivacyRequests, never, StorePorts | HttpServer.HttpServer>
}

/** In this process, over the test environment's stores: the ones its server uses too. */
export const inProcess: Implementation = {
  name: "in-process",
  connect: (credentials) =>
    LocalPrivacyRequests.layer({ organizationId: credentials.organization_id, publicBaseUrl: "http://localhost" })
}

/**
 * Over HTTP to the test environment's server on loopback, with a real client (undici), or with
 * `http` when a test wants to watch the exchanges.
 */
export const remoteWith = (http: Layer.Layer<HttpClient.HttpClient>): Implementation => ({
  name: "remote",
  connect: (credentials, options = {}) =>
    Layer.unwrapEffect(
      Effect.map(serverUrl, (baseUrl) =>
        RemotePrivacyRequests.layer({
          baseUrl,
          key: credentials.key,
          secret: Redacted.make(credentials.secret),
          ...options
        }))
    ).pipe(Layer.provide(http))
})

export const remote = remoteWith(NodeHttpClient.layerUndici)

/** One request the client sent and the status it got. */
export interface Exchange {
  readonly method: string
  readonly path: string
  readonly status: number
}

/** A real HTTP client that notes each exchange in `exchanges`. */
export const watchedHttp = (exchanges: Array<Exchange>) =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.map(
      HttpClient.HttpClient,
      HttpClient.tap((response) =>
        Effect.sync(() =>
          exchanges.push({
            method: response.request.method,
            path: new URL(response.request.url).pathname,
            status: response.status
          })
        )
      )
    )
  ).pipe(Layer.provide(NodeHttpClient.layerUndici))
