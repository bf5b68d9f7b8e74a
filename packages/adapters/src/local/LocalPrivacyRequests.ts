import { type Actor, OrganizationId } from "@dsar/domain"
import {
  defaultedPublicBaseUrl,
  InProcessPrivacyRequests,
  type OrganizationCredentials,
  OrganizationsService,
  RequestServicesLive,
  Settings,
  WebhookTargets
} from "@dsar/http"
import { Context, Duration, Effect, Layer, Option } from "effect"
import * as NodeIdGenerator from "../crypto/IdGenerator.js"
import * as ScryptSecretHasher from "../crypto/SecretHasher.js"

export interface LocalOptions {
  /** The organisation whose requests the service works on (an `org_…` id). */
  readonly organizationId: string
  /**
   * The base URL approval links are built on. Default: what `dsar serve` uses, `PUBLIC_BASE_URL`,
   * else `http://HOST:PORT` (`http://127.0.0.1:3000`), so the links this process writes are the server's.
   */
  readonly publicBaseUrl?: string
  /** Who changes are recorded as made by. Default `{ type: "system", id: "in-process" }`. */
  readonly actor?: Actor
  /** Whether webhook endpoints may target private and loopback addresses. Default: no. */
  readonly allowPrivateWebhookTargets?: boolean
}

/** What the services need besides storage: ids, hashing, settings. */
const support = (publicBaseUrl: string | undefined, allowPrivateWebhookTargets = false) =>
  Layer.mergeAll(
    NodeIdGenerator.layer,
    Layer.succeed(WebhookTargets, { allowPrivate: allowPrivateWebhookTargets }),
    ScryptSecretHasher.layer,
    Layer.effect(
      Settings,
      // A malformed PUBLIC_BASE_URL, HOST or PORT is the environment's defect, as it is for the server.
      Effect.orDie(defaultedPublicBaseUrl(Option.fromNullable(publicBaseUrl))).pipe(
        Effect.map((base) => ({
          publicBaseUrl: base,
          // In-process calls open no session, so the session lifetime is never read.
          sessionTtl: Duration.hours(1)
        }))
      )
    )
  )

/**
 * `PrivacyRequests` of one organisation in this process, over the storage ports in context
 * (`SqliteStores.layer`, `PgStores.layer`, `InMemoryStores.layer`). Emails a change causes are
 * written to the outbox, for a running `dsar serve` on the same storage to deliver.
 */
export const layer = (options: LocalOptions) =>
  InProcessPrivacyRequests.layer(OrganizationId.make(options.organizationId), options.actor).pipe(
    Layer.provide(RequestServicesLive),
    Layer.provide(support(options.publicBaseUrl, options.allowPrivateWebhookTargets))
  )

/** The organisation `withNewOrganization` created: its id, API key and secret (shown only here). */
export class NewOrganization extends Context.Tag("@dsar/adapters/NewOrganization")<
  NewOrganization,
  OrganizationCredentials
>() {}

export interface NewOrganizationOptions extends Omit<LocalOptions, "organizationId"> {
  readonly organization: {
    readonly name: string
    /** Where a requester lands after confirming a link, unless the link says otherwise. */
    readonly default_redirect_url: string
    /** The domains links may redirect to; empty: any. */
    readonly redirect_domains?: ReadonlyArray<string>
  }
}

/**
 * A ready `PrivacyRequests` in one step: creates an organisation on the storage in context and
 * works on its requests. Its credentials (`NewOrganization`) log in to a server on the same
 * storage. Fresh in-memory stores hold no organisation, so this is how a program or a test on
 * `InMemoryStores.layer` starts.
 */
export const withNewOrganization = (options: NewOrganizationOptions) =>
  Layer.unwrapEffect(
    Effect.map(
      Effect.flatMap(OrganizationsService, (organizations) => organizations.create(options.organization)),
      (credentials) =>
        Layer.merge(
          layer({ ...options, organizationId: credentials.organization_id }),
          Layer.succeed(NewOrganization, credentials)
        )
    ).pipe(Effect.provide(OrganizationsService.Default.pipe(Layer.provide(support(options.publicBaseUrl)))))
  )
