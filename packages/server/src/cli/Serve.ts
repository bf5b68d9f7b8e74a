import { OutboxWorker } from "@dsar/http"
import { Command } from "@effect/cli"
import { HttpServer } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Effect, Layer, Option } from "effect"
import { createServer } from "node:http"
import { mailerLayer } from "../Adapters.js"
import { appLayer } from "../App.js"
import { dataDir, host, mailFrom, outboxLease, outboxSendTimeout, port, publicBaseUrl, sessionTtl } from "../Config.js"
import { ensureDemoOrganization } from "../Organizations.js"
import { backend } from "./Backend.js"

// Listening on every interface says nothing of how clients reach the server: localhost then.
const hostInUrl = (listenHost: string) =>
  ["0.0.0.0", "::", ""].includes(listenHost) ? "localhost" : listenHost.includes(":") ? `[${listenHost}]` : listenHost

const baseUrlFor = (listenHost: string, listenPort: number) =>
  Effect.map(publicBaseUrl, Option.getOrElse(() => `http://${hostInUrl(listenHost)}:${listenPort}`))

export const serve = Command.make("serve", { port, host, dataDir }, (options) =>
  Effect.gen(function* () {
    const base = yield* baseUrlFor(options.host, options.port)
    const { stores, crypto, organizations } = yield* backend(options.dataDir)
    const app = appLayer({ stores, crypto, settings: { publicBaseUrl: base, sessionTtl: yield* sessionTtl } }).pipe(
      HttpServer.withLogAddress,
      Layer.provide(NodeHttpServer.layer(createServer, { port: options.port, host: options.host }))
    )
    const bootstrap = Layer.effectDiscard(ensureDemoOrganization(base)).pipe(Layer.provide(organizations))
    // Delivers the outbox in the background; emails written by a change are sent after it commits.
    const delivery = OutboxWorker.layer({ from: yield* mailFrom, sendTimeout: yield* outboxSendTimeout, lease: yield* outboxLease }).pipe(Layer.provide(Layer.merge(stores, yield* mailerLayer)))
    yield* Effect.logInfo("Starting", { dataDir: options.dataDir, publicBaseUrl: base })
    // Runs until SIGINT or SIGTERM interrupts it; closing the layers closes the server and the database.
    yield* Layer.launch(Layer.mergeAll(Layer.provideMerge(app, bootstrap), delivery))
  })
).pipe(Command.withDescription("Serve the API on the data directory's SQLite database, or on DATABASE_URL's PostgreSQL."))
