import { HmacTokenSigner, LogMailer, NodeIdGenerator, ScryptSecretHasher } from "@dsar/adapters"
import { InMemoryStores } from "@dsar/adapters/memory"
import {
  DsarApi,
  type FormLimits,
  type LoginLimits,
  type Mailer,
  OperatorsService,
  type OrganizationCredentials,
  OrganizationsService,
  Settings,
  type SignInLinkLimits
} from "@dsar/http"
import { HttpApiClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Duration, Effect, Layer, Logger, LogLevel, Redacted } from "effect"
import { cryptoLayer } from "../../src/Adapters.js"
import { appLayer } from "../../src/App.js"
import { inProcessOrganizations } from "./Organizations.js"
import { validatingClient } from "./ResponseValidation.js"

/** The key the test server signs with, for tests that make tokens it would not issue (expired ones, say). */
export const testSessionKey = new TextEncoder().encode("a test session key, not a secret, 32+ bytes")

/**
 * The whole API over real HTTP on a loopback port, on in-memory storage, with the organisation
 * service beside it (also as `Organizations`) so tests can create tenants, the operators service so
 * they can add console operators, and the storage ports
 * themselves (the same instance the server uses) so tests can look where HTTP cannot, e.g. at the
 * `Outbox`. Every answer its HTTP client receives is checked against the served OpenAPI document,
 * unless a test opts out.
 */
export const TestApp = (
  options: {
    readonly sessionTtl?: Duration.Duration
    /** Scrypt at N = 1024 instead of the production cost, for tests that open many sessions. */
    readonly cheapHashing?: boolean
    readonly loginLimits?: LoginLimits
    readonly formLimits?: FormLimits
    readonly signInLinkLimits?: SignInLinkLimits
    readonly trustedProxyHops?: number
    /** Replaces the default logger: a test reads what the server logged. */
    readonly logger?: Logger.Logger<unknown, void>
    /** Where the console's sign-in links are emailed (default: the log). */
    readonly mailer?: Layer.Layer<Mailer>
    /** The least level logged; the access log writes at Info. Default: warnings only, so a test run stays quiet. */
    readonly logLevel?: LogLevel.LogLevel
    /** Lets webhook endpoints target loopback (the tests' receivers live there). */
    readonly webhookTargets?: { readonly allowPrivate: boolean }
    /**
     * Whether each answer is checked against the served OpenAPI document (default: yes). Off only
     * where a test deliberately sends what the document does not describe, saying why.
     */
    readonly checkAnswers?: boolean
  } = {}
) => {
  const stores = InMemoryStores.layer
  const sessionKey = testSessionKey
  const crypto = options.cheapHashing
    ? Layer.mergeAll(
      NodeIdGenerator.layer,
      ScryptSecretHasher.layerWith({ N: 1024, r: 8, p: 1 }),
      HmacTokenSigner.layer(Redacted.make(sessionKey))
    )
    : cryptoLayer(sessionKey)
  const settings: typeof Settings.Service = {
    publicBaseUrl: "http://localhost",
    sessionTtl: options.sessionTtl ?? Duration.hours(1),
    ...(options.loginLimits !== undefined && { loginLimits: options.loginLimits }),
    ...(options.formLimits !== undefined && { formLimits: options.formLimits }),
    ...(options.signInLinkLimits !== undefined && { signInLinkLimits: options.signInLinkLimits }),
    ...(options.trustedProxyHops !== undefined && { trustedProxyHops: options.trustedProxyHops })
  }
  const organizations = OrganizationsService.Default.pipe(Layer.provide(Layer.merge(stores, crypto)))
  return Layer.mergeAll(
    appLayer({
      stores,
      crypto,
      mailer: options.mailer ?? LogMailer.layer,
      settings,
      ...(options.webhookTargets !== undefined && { webhookTargets: options.webhookTargets })
    }),
    inProcessOrganizations.pipe(Layer.provideMerge(organizations)),
    // Operators are added as `dsar operators add` adds them: beside the server, on its stores.
    OperatorsService.Default.pipe(
      Layer.provide(organizations),
      Layer.provide(Layer.mergeAll(stores, crypto, Layer.succeed(Settings, settings)))
    ),
    stores
  ).pipe(
    Layer.provideMerge(
      options.checkAnswers === false
        ? NodeHttpServer.layerTest
        : Layer.provideMerge(validatingClient, NodeHttpServer.layerTest)
    ),
    Layer.provide(Logger.minimumLogLevel(options.logLevel ?? LogLevel.Warning)),
    Layer.provide(
      options.logger === undefined ? Layer.empty : Logger.replace(Logger.defaultLogger, options.logger)
    )
  )
}

export const accessToken = (credentials: OrganizationCredentials) =>
  Effect.gen(function*() {
    const anonymous = yield* HttpApiClient.make(DsarApi)
    const session = yield* anonymous.sessions.create({
      payload: { type: "api-key", key: credentials.key, secret: credentials.secret }
    })
    return session.access_token
  })

/** A client derived from the contract, logged in as the organisation. */
export const clientFor = (credentials: OrganizationCredentials) =>
  Effect.gen(function*() {
    const token = yield* accessToken(credentials)
    return yield* HttpApiClient.make(DsarApi, {
      transformClient: HttpClient.mapRequest(HttpClientRequest.bearerToken(token))
    })
  })
