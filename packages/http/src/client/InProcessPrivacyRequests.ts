import { type Actor, type OrganizationId, type RequestId, userRights, type WebhookEndpointId } from "@dsar/domain"
import { Effect, Layer, Stream } from "effect"
import { toRequestQuery } from "../ListQuery.js"
import type { StorePorts } from "../Ports.js"
import type { IdGenerator, SecretHasher } from "../ports/Crypto.js"
import { EmailsService } from "../services/Emails.js"
import { ErasureService } from "../services/Erasure.js"
import { EvidenceService } from "../services/Evidence.js"
import { LinksService } from "../services/Links.js"
import { NotesService } from "../services/Notes.js"
import { RequestsService } from "../services/Requests.js"
import { WebhooksService } from "../services/Webhooks.js"
import type { Settings } from "../Settings.js"
import { InputChecks as check } from "./InputChecks.js"
import { everyStored } from "./Paging.js"
import { PrivacyRequests } from "./PrivacyRequests.js"

/** Pages `listAll` reads: no HTTP round trip per page here, so pages are larger than the API's largest. */
export const InProcessPageSize = 1_000

/**
 * `PrivacyRequests` over the services in this process, for one organisation, as its API would
 * answer: input is checked with the contract's schemas (the same 400s), then handed to the same
 * services the handlers call. Changes are recorded in history as made by `actor`.
 */
export const layer = (organizationId: OrganizationId, actor: Actor = { type: "system", id: "in-process" }) =>
  Layer.effect(
    PrivacyRequests,
    Effect.gen(function*() {
      const requests = yield* RequestsService
      const notes = yield* NotesService
      const links = yield* LinksService
      const erasure = yield* ErasureService
      const emails = yield* EmailsService
      const evidence = yield* EvidenceService
      const webhooks = yield* WebhooksService
      const withWebhook = (id: WebhookEndpointId) => Effect.map(check.webhookPath({ id }), (path) => path.id)
      // What the services' changes need (stores, ids, the outbox, settings), taken when the layer is built.
      const ports = yield* Effect.context<StorePorts | IdGenerator | SecretHasher | Settings>()
      const run = <A, E>(effect: Effect.Effect<A, E, StorePorts | IdGenerator | SecretHasher | Settings>) =>
        Effect.provide(effect, ports)
      const withPath = (id: RequestId) => Effect.map(check.path({ id }), (path) => path.id)

      return PrivacyRequests.of({
        create: (input) =>
          Effect.flatMap(check.request(input), (sent) => run(requests.create(organizationId, sent, actor))),
        get: (id) => Effect.flatMap(withPath(id), (checked) => requests.get(organizationId, checked)),
        list: (query = {}) =>
          Effect.flatMap(check.query(query), (listing) => requests.list(toRequestQuery(organizationId, listing))),
        listAll: (filter = {}) =>
          Stream.unwrap(
            Effect.map(check.query(filter), (listing) =>
              everyStored(toRequestQuery(organizationId, listing), InProcessPageSize, requests.list))
          ),
        patch: (id, patch) =>
          Effect.flatMap(
            Effect.all([withPath(id), check.patch(patch)]),
            ([checked, sent]) => run(requests.update(organizationId, checked, sent, actor))
          ),
        erase: (id) => Effect.flatMap(withPath(id), (checked) => run(erasure.erase(organizationId, checked, actor))),
        emails: (id) => Effect.flatMap(withPath(id), (checked) => emails.list(organizationId, checked)),
        evidence: (id) => Effect.flatMap(withPath(id), (checked) => evidence.evidence(organizationId, checked)),
        retryEmail: (id, message_id) =>
          Effect.flatMap(
            check.emailPath({ id, message_id }),
            (path) => run(emails.retry(organizationId, path.id, path.message_id, actor))
          ),
        extend: (id, input) =>
          Effect.flatMap(
            Effect.all([withPath(id), check.extension(input)]),
            ([checked, sent]) => run(requests.extend(organizationId, checked, sent, actor))
          ),
        createLink: (input) => Effect.flatMap(check.link(input), (sent) => run(links.create(organizationId, sent))),
        addNote: (input) => Effect.flatMap(check.note(input), (sent) => notes.create(organizationId, sent)),
        listNotes: (request_id) =>
          Effect.flatMap(check.notesQuery({ request_id }), (params) => notes.list(organizationId, params.request_id)),
        rights: Effect.succeed(userRights),
        webhooks: {
          list: webhooks.list(organizationId),
          create: (input) => Effect.flatMap(check.webhook(input), (sent) => webhooks.create(organizationId, sent)),
          remove: (id) => Effect.flatMap(withWebhook(id), (checked) => webhooks.remove(organizationId, checked)),
          rotateSecret: (id, input) =>
            Effect.flatMap(
              Effect.all([withWebhook(id), check.rotation(input)]),
              ([checked, sent]) => webhooks.rotate(organizationId, checked, sent)
            ),
          deliveries: (id) =>
            Effect.flatMap(withWebhook(id), (checked) => webhooks.deliveries(organizationId, checked)),
          redeliver: (id, delivery_id) =>
            Effect.flatMap(
              check.deliveryPath({ id, delivery_id }),
              (path) => webhooks.redeliver(organizationId, path.id, path.delivery_id)
            )
        }
      })
    })
  )
