import { NodeWebhookSender } from "@dsar/adapters"
import {
  baseUrlOr,
  OutboxWorker,
  overdueSweepLayer,
  RequestServicesLive,
  retentionLayer,
  Settings,
  unverifiedSweepLayer,
  WebhookTargets,
  WebhookWorker
} from "@dsar/http"
import { Command } from "@effect/cli"
import { HttpServer, type HttpServerError } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Effect, Layer, Option, Predicate } from "effect"
import { createServer } from "node:http"
import { mailerLayer } from "../Adapters.js"
import { appLayer } from "../App.js"
import {
  databaseUrl,
  dataDir,
  demo,
  demoOrganization,
  formLimits,
  host,
  loginLimits,
  mailFrom,
  outboxLease,
  outboxMaxAttempts,
  outboxSendTimeout,
  port,
  publicBaseUrl,
  retention,
  sessionTtl,
  signInLinkLimits,
  trustedProxyHops,
  unverifiedFollowUps,
  unverifiedSweepInterval,
  webhooksAllowPrivateTargets
} from "../Config.js"
import { ensureDemoOrganization } from "../Organizations.js"
import { eventLoopFair } from "../Scheduler.js"
import { backend } from "./Backend.js"
import { ServeError } from "./Failure.js"

const listenFailures: Record<string, (where: { host: string; port: number }) => string> = {
  EADDRINUSE: ({ port }) => `port ${port} is in use (EADDRINUSE)`,
  EACCES: ({ port }) => `not allowed to listen on port ${port} (EACCES)`,
  EADDRNOTAVAIL: ({ host }) => `${host} is not an address of this machine (EADDRNOTAVAIL)`
}

const cannotListen = (where: { host: string; port: number }) => (error: HttpServerError.ServeError) => {
  const { cause } = error
  const code = Predicate.hasProperty(cause, "code") && typeof cause.code === "string" ? cause.code : ""
  const message = listenFailures[code]?.(where) ?? `cannot listen on ${where.host}:${where.port} (${String(cause)})`
  return new ServeError({ message })
}

// The port is bound before the database is opened and migrated (so a port in use fails at once,
// before anything is created), and until the API's handler is attached (and again once it is
// detached on shutdown) a connection has no one to answer it. Left alone, Node would keep it
// waiting for ever: it is answered 503 instead, so that a health probe or a load balancer moves on.
const NOT_READY = JSON.stringify({
  code: 503,
  name: "ServiceUnavailable",
  message: "The server is starting or stopping: retry in a moment",
  errors: [{ path: "", message: "not ready" }]
})

const answeringWhileNotReady = () => {
  const server = createServer()
  server.on("request", (_request, response) => {
    if (server.listenerCount("request") > 1) return
    response.writeHead(503, {
      "content-type": "application/json",
      "retry-after": "1",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      connection: "close"
    })
    response.end(NOT_READY)
  })
  return server
}

export const serve = Command.make(
  "serve",
  { port, host, dataDir, publicBaseUrl, demo },
  (options) =>
    Effect.gen(function*() {
      const base = baseUrlOr(options.publicBaseUrl, options.host, options.port)
      const { stores, crypto, organizations } = yield* backend(options.dataDir)
      const server = NodeHttpServer.layer(answeringWhileNotReady, { port: options.port, host: options.host }).pipe(
        Layer.mapError(cannotListen(options))
      )
      const onSqlite = Option.isNone(yield* databaseUrl)
      const withDemo = options.demo || Option.getOrElse(yield* demoOrganization, () => onSqlite)
      // The demo credentials are printed once the port is ours, so never by a server that cannot start.
      const bootstrap = Layer.effectDiscard(withDemo ? ensureDemoOrganization(base) : Effect.void).pipe(
        Layer.provide(organizations)
      )
      const announce = Layer.effectDiscard(
        HttpServer.addressFormattedWith((address) =>
          Effect.logInfo(`Listening on ${address}; API reference at ${base}/docs`)
        )
      )
      // Built in turn: the server listens, the demo organisation is created, the API is served, and
      // only then is it announced (clients, tests, wait for "Listening on").
      const settings = {
        publicBaseUrl: base,
        sessionTtl: yield* sessionTtl,
        loginLimits: yield* loginLimits,
        formLimits: yield* formLimits,
        signInLinkLimits: yield* signInLinkLimits,
        trustedProxyHops: yield* trustedProxyHops
      }
      const webhookTargets = { allowPrivate: yield* webhooksAllowPrivateTargets }
      // One mailer for the outbox and the sign-in links (one layer value: built once, warned once).
      const mailer = yield* mailerLayer
      const app = appLayer({ stores, crypto, mailer, settings, webhookTargets }).pipe(
        Layer.provide(bootstrap),
        Layer.flatMap(() => announce),
        Layer.provide(server)
      )
      // Delivers the outbox in the background; emails written by a change are sent after it commits.
      const delivery = OutboxWorker.layer({
        from: yield* mailFrom,
        sendTimeout: yield* outboxSendTimeout,
        lease: yield* outboxLease,
        maxAttempts: yield* outboxMaxAttempts
      }).pipe(Layer.provide(Layer.mergeAll(stores, crypto, mailer)))
      // Delivers the webhooks in the background, and emits `request.overdue` once per request past its deadline.
      const webhooks = Layer.mergeAll(
        WebhookWorker.layer({ sendTimeout: yield* outboxSendTimeout, lease: yield* outboxLease }).pipe(
          Layer.provide(NodeWebhookSender.layer),
          Layer.provide(Layer.succeed(WebhookTargets, webhookTargets))
        ),
        overdueSweepLayer()
      ).pipe(Layer.provide(Layer.mergeAll(stores, crypto)))
      // The background workers' request services. Layers are shared by reference within one launch,
      // so these are the API's own: they must be given what the API's are given, webhook targets too.
      const services = RequestServicesLive.pipe(
        Layer.provide(
          Layer.mergeAll(
            stores,
            crypto,
            Layer.succeed(Settings, settings),
            Layer.succeed(WebhookTargets, webhookTargets)
          )
        )
      )
      // Erases the closed requests RETENTION is over for, when it is set.
      const expiry = Option.match(yield* retention, {
        onNone: () => Layer.empty,
        onSome: (period) =>
          retentionLayer(period).pipe(
            Layer.provide(services),
            Layer.provide(Layer.mergeAll(stores, crypto, Layer.succeed(Settings, settings)))
          )
      })
      // Reminds the requesters who have not confirmed their requests, and closes the requests nobody confirms.
      const followUps = unverifiedSweepLayer(yield* unverifiedFollowUps, yield* unverifiedSweepInterval).pipe(
        Layer.provide(services),
        Layer.provide(Layer.mergeAll(stores, crypto, Layer.succeed(Settings, settings)))
      )
      yield* Effect.logInfo("Starting", { dataDir: options.dataDir, publicBaseUrl: base })
      // Runs until SIGINT or SIGTERM interrupts it; closing the layers closes the server and the database.
      yield* Layer.launch(Layer.mergeAll(app, delivery, webhooks, expiry, followUps)).pipe(
        Effect.withScheduler(eventLoopFair)
      )
    })
).pipe(
  Command.withDescription("Serve the API on the data directory's SQLite database, or on DATABASE_URL's PostgreSQL.")
)
