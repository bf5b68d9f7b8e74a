import { LocalPrivacyRequests } from "@dsar/adapters"
import { RemotePrivacyRequests } from "@dsar/adapters/remote"
import { OrganizationId } from "@dsar/domain"
import { defaultedPublicBaseUrl, OrganizationsStore, PrivacyRequests, type PrivacyRequestsShape } from "@dsar/http"
import { Options } from "@effect/cli"
import { NodeHttpClient } from "@effect/platform-node"
import { Config, Effect, Layer, Option } from "effect"
import { storesLayer } from "../Adapters.js"
import { dataDir, publicBaseUrl, webhooksAllowPrivateTargets } from "../Config.js"
import { reportFailures, UsageError } from "./Failure.js"

const fromEnv = (name: string) => Options.withFallbackConfig(Config.string(name))

/** Where the privacy requests are: a server (`--url`), or the local data directory. */
export const connection = Options.all({
  url: Options.text("url").pipe(
    Options.withDescription(
      "The API's base URL, e.g. http://127.0.0.1:3000 or https://api.didomi.io (env DSAR_URL). Without it, the local data directory."
    ),
    fromEnv("DSAR_URL"),
    Options.optional
  ),
  key: Options.text("key").pipe(
    Options.withDescription("API key, with --url (env DSAR_API_KEY)."),
    fromEnv("DSAR_API_KEY"),
    Options.optional
  ),
  secret: Options.redacted("secret").pipe(
    Options.withDescription("API secret, with --url (env DSAR_API_SECRET)."),
    Options.withFallbackConfig(Config.redacted("DSAR_API_SECRET")),
    Options.optional
  ),
  org: Options.text("org").pipe(
    Options.withDescription(
      "The organisation: required on a data directory, optional with --url (env DSAR_ORGANIZATION_ID)."
    ),
    fromEnv("DSAR_ORGANIZATION_ID"),
    Options.withSchema(OrganizationId),
    Options.optional
  ),
  dataDir,
  publicBaseUrl
})
export type Connection = typeof connection extends Options.Options<infer A> ? A : never

const required = <A>(value: Option.Option<A>, what: string, when: string) =>
  Option.match(value, {
    onNone: () => Effect.fail(new UsageError({ message: `${what} is required ${when}` })),
    onSome: Effect.succeed
  })

const organizationExists = (id: OrganizationId) =>
  Effect.flatMap(OrganizationsStore, (organizations) => organizations.findById(id)).pipe(
    Effect.filterOrFail(
      Option.isSome,
      () => new UsageError({ message: `No organisation ${id} here: check --org, and --data-dir or DATABASE_URL` })
    )
  )

/**
 * `PrivacyRequests` where the options say: over HTTP to `--url` with the key and secret, or in
 * this process on the data directory's storage (or `DATABASE_URL`'s) for `--org`.
 */
export const privacyRequestsLayer = (options: Connection) =>
  Option.match(options.url, {
    onSome: (baseUrl) =>
      Effect.gen(function*() {
        const key = yield* required(options.key, "--key (or DSAR_API_KEY)", "with --url")
        const secret = yield* required(options.secret, "--secret (or DSAR_API_SECRET)", "with --url")
        return RemotePrivacyRequests.layer({
          baseUrl,
          key,
          secret,
          ...Option.match(options.org, { onNone: () => ({}), onSome: (organizationId) => ({ organizationId }) })
        }).pipe(
          Layer.provide(NodeHttpClient.layerUndici)
        )
      }),
    onNone: () =>
      Effect.gen(function*() {
        const organizationId = yield* required(
          options.org,
          "--org (or DSAR_ORGANIZATION_ID)",
          "on a data directory (or give --url)"
        )
        const stores = yield* storesLayer(options.dataDir)
        const local = LocalPrivacyRequests.layer({
          organizationId,
          publicBaseUrl: yield* defaultedPublicBaseUrl(options.publicBaseUrl),
          actor: { type: "system", id: "dsar-cli" },
          allowPrivateWebhookTargets: yield* webhooksAllowPrivateTargets
        })
        return Layer.merge(local, Layer.effectDiscard(organizationExists(organizationId))).pipe(Layer.provide(stores))
      })
  })

/** Runs `command` with `PrivacyRequests` where the options say; refusals are told on stderr. */
export const withRequests = <A, E, R>(
  options: Connection,
  command: (requests: PrivacyRequestsShape) => Effect.Effect<A, E, R>
) =>
  reportFailures(
    Effect.flatMap(privacyRequestsLayer(options), (layer) =>
      Effect.provide(Effect.flatMap(PrivacyRequests, command), layer))
  )
