import { ApiLive, type CryptoPorts, type Mailer, Settings, type StorePorts, WebhookTargets } from "@dsar/http"
import { HttpApiBuilder, HttpMiddleware } from "@effect/platform"
import { Layer } from "effect"
import { accessLog } from "./AccessLog.js"

/**
 * The HTTP application over the given storage and crypto adapters: every route of the API,
 * `/openapi.json` and `/docs`, served on whatever `HttpServer` is provided.
 */
export const appLayer = <E1, E2, E3>(options: {
  readonly stores: Layer.Layer<StorePorts, E1>
  readonly crypto: Layer.Layer<CryptoPorts, E2>
  /** Where operators' sign-in links are emailed from the console's sign-in page. */
  readonly mailer: Layer.Layer<Mailer, E3>
  readonly settings: typeof Settings.Service
  /** Whether webhook endpoints may target private and loopback addresses (no, unless told). */
  readonly webhookTargets?: typeof WebhookTargets.Service
}) =>
  HttpApiBuilder.serve(accessLog).pipe(
    Layer.provide(ApiLive),
    Layer.provide(
      Layer.mergeAll(
        options.stores,
        options.crypto,
        options.mailer,
        Layer.succeed(Settings, options.settings),
        Layer.succeed(WebhookTargets, options.webhookTargets ?? WebhookTargets.defaultValue())
      )
    ),
    // Nothing exports traces: a span per request (and per SQL statement) cost a fifth of a GET's CPU.
    HttpMiddleware.withTracerDisabledWhen(() => true),
    Layer.provide(Layer.setTracerEnabled(false))
  )
