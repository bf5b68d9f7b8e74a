import { OrganizationsService, OutboxWorker } from "@dsar/http"
import { Command, Options } from "@effect/cli"
import { HttpServer } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Console, Effect, Layer, Option } from "effect"
import { createServer } from "node:http"
import { cryptoLayer, mailerLayer, migrateStores, storesLayer } from "./Adapters.js"
import { appLayer } from "./App.js"
import { dataDir, host, mailFrom, outboxLease, outboxSendTimeout, port, publicBaseUrl, sessionTtl } from "./Config.js"
import { ensureDemoOrganization } from "./Organizations.js"
import { loadSessionKey } from "./SessionKey.js"

// Listening on every interface says nothing of how clients reach the server: localhost then.
const hostInUrl = (listenHost: string) =>
  ["0.0.0.0", "::", ""].includes(listenHost) ? "localhost" : listenHost.includes(":") ? `[${listenHost}]` : listenHost

const baseUrlFor = (listenHost: string, listenPort: number) =>
  Effect.map(publicBaseUrl, Option.getOrElse(() => `http://${hostInUrl(listenHost)}:${listenPort}`))

/** The storage and crypto adapters of a data directory, and the services over them. */
const backend = (directory: string) =>
  Effect.gen(function* () {
    const stores = yield* storesLayer(directory)
    const crypto = cryptoLayer(yield* loadSessionKey(directory))
    return { stores, crypto, organizations: OrganizationsService.Default.pipe(Layer.provide(Layer.merge(stores, crypto))) }
  })

const serve = Command.make("serve", { port, host, dataDir }, (options) =>
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

const migrate = Command.make("migrate", { dataDir }, (options) =>
  Effect.gen(function* () {
    const applied = yield* migrateStores(options.dataDir)
    yield* Effect.logInfo(applied.length === 0 ? "The database is up to date" : `Applied ${applied.length} migration(s)`, {
      migrations: applied.map(([id, name]) => `${id}_${name}`)
    })
  })
).pipe(Command.withDescription("Apply pending database migrations (serve also applies them at start)."))

const redirectUrl = Options.text("redirect-url").pipe(
  Options.withDescription("Where requesters land after confirming a link the API created (default: PUBLIC_BASE_URL/)."),
  Options.optional
)

const redirectDomains = Options.text("redirect-domain").pipe(
  Options.withDescription("A domain links may redirect to; repeat for several (default: any)."),
  Options.repeated
)

const createOrganization = Command.make(
  "create",
  { name: Options.text("name").pipe(Options.withDescription("The organisation's name.")), dataDir, redirectUrl, redirectDomains },
  (options) =>
    Effect.gen(function* () {
      const base = yield* Effect.map(publicBaseUrl, Option.getOrElse(() => "http://localhost:3000"))
      const { organizations } = yield* backend(options.dataDir)
      const credentials = yield* Effect.flatMap(OrganizationsService, (service) =>
        service.create({
          name: options.name,
          default_redirect_url: Option.getOrElse(options.redirectUrl, () => `${base}/`),
          redirect_domains: options.redirectDomains
        })
      ).pipe(Effect.provide(organizations))
      yield* Console.log(JSON.stringify(credentials))
    })
).pipe(Command.withDescription("Create an organisation and print its API key and secret (shown only here) as JSON."))

const orgs = Command.make("orgs").pipe(
  Command.withDescription("Manage organisations."),
  Command.withSubcommands([createOrganization])
)

export const dsar = Command.make("dsar").pipe(
  Command.withDescription("Privacy requests (DSAR) server and tools."),
  Command.withSubcommands([serve, migrate, orgs])
)

export const run = Command.run(dsar, { name: "dsar", version: "0.1.0" })

