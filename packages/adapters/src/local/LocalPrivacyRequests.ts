import { type Actor, OrganizationId } from "@dsar/domain"
import { InProcessPrivacyRequests, RequestServicesLive, Settings } from "@dsar/http"
import { Duration, Layer } from "effect"
import * as NodeIdGenerator from "../crypto/IdGenerator.js"
import * as ScryptSecretHasher from "../crypto/SecretHasher.js"

export interface LocalOptions {
  readonly organizationId: string
  /** The base URL approval links are built on (the server's `PUBLIC_BASE_URL`). Default `http://localhost:3000`. */
  readonly publicBaseUrl?: string
  /** Who changes are recorded as made by. Default `{ type: "system", id: "in-process" }`. */
  readonly actor?: Actor
}

/**
 * `PrivacyRequests` of one organisation in this process, over the storage ports in context
 * (`SqliteStores.layer`, `PgStores.layer`, `InMemoryStores.layer`). Emails a change causes are
 * written to the outbox, for a running `dsar serve` on the same storage to deliver.
 */
export const layer = (options: LocalOptions) =>
  InProcessPrivacyRequests.layer(OrganizationId.make(options.organizationId), options.actor).pipe(
    Layer.provide(RequestServicesLive),
    Layer.provide(
      Layer.mergeAll(
        NodeIdGenerator.layer,
        ScryptSecretHasher.layer,
        // In-process calls open no session, so the session lifetime is never read.
        Layer.succeed(Settings, { publicBaseUrl: options.publicBaseUrl ?? "http://localhost:3000", sessionTtl: Duration.hours(1) })
      )
    )
  )
