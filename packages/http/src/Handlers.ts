import { type CreateSession, type OrganizationId, userRights } from "@dsar/domain"
import { HttpApiBuilder, HttpApp, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect } from "effect"
import { DsarApi } from "./Api.js"
import { Forbidden, ServiceUnavailable, TooManyRequests } from "./ApiErrors.js"
import { CurrentSession } from "./Authentication.js"
import { clientAddress } from "./ClientAddress.js"
import { cursorOf } from "./Cursor.js"
import { evidencePage, wantsHtml } from "./EvidencePage.js"
import { parseListQuery, toRequestQuery } from "./ListQuery.js"
import type { RequestQuery } from "./ports/RequestQuery.js"
import { OrganizationsStore, type RequestPageJson } from "./ports/Stores.js"
import { pageJson, requestJson } from "./RequestJson.js"
import { EmailsService } from "./services/Emails.js"
import { EmailTemplatesService } from "./services/EmailTemplates.js"
import { ErasureService } from "./services/Erasure.js"
import { EvidenceService } from "./services/Evidence.js"
import { LinksService } from "./services/Links.js"
import type { LoginThrottled } from "./services/LoginLimiter.js"
import { NotesService } from "./services/Notes.js"
import { OrganizationsService } from "./services/Organizations.js"
import { RequestsService } from "./services/Requests.js"
import { SessionsService } from "./services/Sessions.js"
import { WebhooksService } from "./services/Webhooks.js"
import { Settings } from "./Settings.js"

/** The session's organisation; an `organization_id` naming another one is refused. */
const organizationOf = (requested: OrganizationId | undefined) =>
  Effect.flatMap(CurrentSession, (session) =>
    requested === undefined || requested === session.organization_id
      ? Effect.succeed(session.organization_id)
      : Effect.fail(
        new Forbidden({
          message: "This session belongs to another organisation",
          errors: [{ path: "organization_id", message: "is not the session's organisation" }]
        })
      ))

const apiKeyActor = Effect.map(CurrentSession, (session) => ({ type: "api_key" as const, id: session.key }))

// A throttled login is a 429 in the error shape, told when to come back in `Retry-After`.
const tooMany = (throttled: LoginThrottled) =>
  Effect.zipRight(
    HttpApp.appendPreResponseHandler((_request, response) =>
      Effect.succeed(HttpServerResponse.setHeader(response, "retry-after", String(throttled.retryAfterSeconds)))
    ),
    Effect.fail(
      new TooManyRequests({
        message: `${throttled.message}: retry in ${throttled.retryAfterSeconds} s`,
        errors: [{ path: "", message: throttled.message }]
      })
    )
  )

export const SessionsLive = HttpApiBuilder.group(DsarApi, "sessions", (handlers) =>
  Effect.gen(function*() {
    const sessions = yield* SessionsService
    const create = ({ payload }: { readonly payload: typeof CreateSession.Type }) =>
      Effect.flatMap(clientAddress, (client) => sessions.create(payload, client)).pipe(
        Effect.catchTag("LoginThrottled", tooMany)
      )
    const end = Effect.flatMap(CurrentSession, (session) => sessions.end(session.token))
    return handlers
      .handle("create", create)
      .handle("createV1", create)
      .handle("end", () => end)
      .handle("endV1", () => end)
  }))

// The next page starts after this page's last request (its `$cursor`), whether this one was asked
// for by `$skip` or by cursor: reading it costs the same at any depth (decision 0025). A page as long
// as `$limit` may be the last one: its link then gives an empty page.
const nextPageLink = (query: RequestQuery, page: RequestPageJson) =>
  Effect.gen(function*() {
    const settings = yield* Settings
    const request = yield* HttpServerRequest.HttpServerRequest
    if (page.last === undefined || page.size < query.limit) return {}
    if (query.after === undefined && query.skip + query.limit >= page.total) return {}
    const url = new URL(request.url, settings.publicBaseUrl)
    url.searchParams.delete("$skip")
    url.searchParams.set("$cursor", cursorOf(query.sort, page.last))
    url.searchParams.set("$limit", String(query.limit))
    return { link: `<${url.pathname}${url.search}>; rel="next"` }
  })

/** The page with only the `$select`ed properties of each request, in the order a request has them. */
const selected = (page: RequestPageJson, select: ReadonlyArray<string>): RequestPageJson => ({
  ...page,
  json: JSON.stringify(
    (JSON.parse(page.json) as ReadonlyArray<Record<string, unknown>>).map((request) =>
      Object.fromEntries(Object.entries(request).filter(([key]) => select.includes(key)))
    )
  )
})

export const RequestsLive = HttpApiBuilder.group(DsarApi, "requests", (handlers) =>
  Effect.gen(function*() {
    const requests = yield* RequestsService
    const erasure = yield* ErasureService
    const emails = yield* EmailsService
    const evidence = yield* EvidenceService
    const settings = yield* Settings
    return handlers
      .handle("create", ({ payload, urlParams }) =>
        Effect.gen(function*() {
          const organization_id = yield* organizationOf(urlParams.organization_id)
          return yield* requests.create(organization_id, payload, yield* apiKeyActor).pipe(
            // Neither can answer a create: the session's organisation exists (organisations are never
            // deleted) and a new request makes no transition; the contract does not document them.
            Effect.catchTags({ NotFound: Effect.die, Conflict: Effect.die })
          )
        }))
      .handle("list", ({ request }) =>
        Effect.gen(function*() {
          const listing = yield* parseListQuery(new URL(request.url, settings.publicBaseUrl).search)
          const organization_id = yield* organizationOf(listing.organization_id)
          const query = toRequestQuery(organization_id, listing)
          const page = yield* requests.listJson(query)
          const next = yield* nextPageLink(query, page).pipe(
            Effect.provideService(Settings, settings)
          )
          const headers = { "x-total-count": String(page.total), ...next }
          return pageJson(listing.select === undefined ? page : selected(page, listing.select), headers)
        }))
      .handle("get", ({ path, urlParams }) =>
        Effect.flatMap(organizationOf(urlParams.organization_id), (organization_id) =>
          Effect.map(requests.getJson(organization_id, path.id), requestJson)))
      .handle("update", ({ path, payload, urlParams }) =>
        Effect.gen(function*() {
          const organization_id = yield* organizationOf(urlParams.organization_id)
          return yield* requests.update(organization_id, path.id, payload, yield* apiKeyActor)
        }))
      .handle("extend", ({ path, payload, urlParams }) =>
        Effect.gen(function*() {
          const organization_id = yield* organizationOf(urlParams.organization_id)
          return yield* requests.extend(organization_id, path.id, payload, yield* apiKeyActor)
        }))
      .handle("history", ({ path, urlParams }) =>
        Effect.flatMap(organizationOf(urlParams.organization_id), (organization_id) =>
          requests.history(organization_id, path.id)))
      .handle("evidence", ({ path, request, urlParams }) =>
        Effect.gen(function*() {
          const organization_id = yield* organizationOf(urlParams.organization_id)
          const record = yield* evidence.evidence(organization_id, path.id)
          return wantsHtml(urlParams.format, request.headers["accept"]) ? evidencePage(record) : record
        }))
      .handle("emails", ({ path, urlParams }) =>
        Effect.flatMap(organizationOf(urlParams.organization_id), (organization_id) =>
          emails.list(organization_id, path.id)))
      .handle("retryEmail", ({ path, urlParams }) =>
        Effect.gen(function*() {
          const organization_id = yield* organizationOf(urlParams.organization_id)
          return yield* emails.retry(organization_id, path.id, path.message_id, yield* apiKeyActor)
        }))
      .handle("erase", ({ path, urlParams }) =>
        Effect.gen(function*() {
          const organization_id = yield* organizationOf(urlParams.organization_id)
          return yield* erasure.erase(organization_id, path.id, yield* apiKeyActor)
        }))
  }))

export const NotesLive = HttpApiBuilder.group(DsarApi, "notes", (handlers) =>
  Effect.gen(function*() {
    const notes = yield* NotesService
    return handlers
      .handle("create", ({ payload, urlParams }) =>
        Effect.flatMap(organizationOf(urlParams.organization_id), (organization_id) =>
          notes.create(organization_id, payload)))
      .handle("list", ({ urlParams }) =>
        Effect.flatMap(organizationOf(urlParams.organization_id), (organization_id) =>
          notes.list(organization_id, urlParams.request_id)))
  }))

export const LinksLive = HttpApiBuilder.group(DsarApi, "links", (handlers) =>
  Effect.gen(function*() {
    const links = yield* LinksService
    return handlers.handle("create", ({ payload, urlParams }) =>
      Effect.flatMap(organizationOf(urlParams.organization_id), (organization_id) =>
        links.create(organization_id, payload)))
  }))

export const WebhooksLive = HttpApiBuilder.group(DsarApi, "webhooks", (handlers) =>
  Effect.gen(function*() {
    const webhooks = yield* WebhooksService
    return handlers
      .handle("create", ({ payload, urlParams }) =>
        Effect.flatMap(organizationOf(urlParams.organization_id), (organization_id) =>
          webhooks.create(organization_id, payload)))
      .handle("list", ({ urlParams }) =>
        Effect.flatMap(organizationOf(urlParams.organization_id), webhooks.list))
      .handle("get", ({ path, urlParams }) =>
        Effect.flatMap(organizationOf(urlParams.organization_id), (organization_id) =>
          webhooks.get(organization_id, path.id)))
      .handle("delete", ({ path, urlParams }) =>
        Effect.flatMap(organizationOf(urlParams.organization_id), (organization_id) =>
          webhooks.remove(organization_id, path.id)))
      .handle("rotateSecret", ({ path, payload, urlParams }) =>
        Effect.flatMap(organizationOf(urlParams.organization_id), (organization_id) =>
          webhooks.rotate(organization_id, path.id, payload)))
      .handle("deliveries", ({ path, urlParams }) =>
        Effect.flatMap(organizationOf(urlParams.organization_id), (organization_id) =>
          webhooks.deliveries(organization_id, path.id)))
      .handle("redeliver", ({ path, urlParams }) =>
        Effect.flatMap(organizationOf(urlParams.organization_id), (organization_id) =>
          webhooks.redeliver(organization_id, path.id, path.delivery_id)))
  }))

export const UserRightsLive = HttpApiBuilder.group(
  DsarApi,
  "userRights",
  (handlers) =>
    handlers.handle("list", ({ urlParams }) => Effect.as(organizationOf(urlParams.organization_id), userRights))
)

export const OrganizationLive = HttpApiBuilder.group(DsarApi, "organization", (handlers) =>
  Effect.gen(function*() {
    const organizations = yield* OrganizationsService
    return handlers
      .handle("get", ({ urlParams }) => Effect.flatMap(organizationOf(urlParams.organization_id), organizations.get))
      .handle("update", ({ payload, urlParams }) =>
        Effect.flatMap(
          organizationOf(urlParams.organization_id),
          (organization_id) => organizations.updateSettings(organization_id, payload)
        ))
  }))

export const EmailsLive = HttpApiBuilder.group(DsarApi, "emails", (handlers) =>
  Effect.gen(function*() {
    const templates = yield* EmailTemplatesService
    return handlers
      .handle("list", ({ urlParams }) =>
        Effect.flatMap(
          organizationOf(urlParams.organization_id),
          (organization_id) => templates.list(organization_id, urlParams.language)
        ))
      .handle("get", ({ path, urlParams }) =>
        Effect.flatMap(
          organizationOf(urlParams.organization_id),
          (organization_id) => templates.get(organization_id, path.type, urlParams.language)
        ))
      .handle("save", ({ path, payload, urlParams }) =>
        Effect.flatMap(
          organizationOf(urlParams.organization_id),
          (organization_id) => templates.save(organization_id, path.type, urlParams.language, payload)
        ))
      .handle("reset", ({ path, urlParams }) =>
        Effect.flatMap(
          organizationOf(urlParams.organization_id),
          (organization_id) => templates.reset(organization_id, path.type, urlParams.language)
        ))
      .handle("preview", ({ path, payload, urlParams }) =>
        Effect.flatMap(
          organizationOf(urlParams.organization_id),
          (organization_id) =>
            templates.preview(
              organization_id,
              path.type,
              urlParams.language,
              "subject" in payload ? payload : undefined
            )
        ))
  }))

export const HealthLive = HttpApiBuilder.group(DsarApi, "health", (handlers) =>
  Effect.gen(function*() {
    const organizations = yield* OrganizationsStore
    return handlers.handle("check", () =>
      // Reading through the store proves storage answers; an unreachable store is a 503, which
      // tells a load balancer to send the traffic elsewhere.
      Effect.as(organizations.count, { status: "ok" as const, storage: "ok" as const }).pipe(
        Effect.catchAllCause((cause) =>
          Effect.zipRight(
            Effect.logWarning("Health check: storage did not answer", cause),
            Effect.fail(
              new ServiceUnavailable({
                message: "Storage does not answer",
                errors: [{ path: "", message: "storage unreachable" }]
              })
            )
          )
        )
      ))
  }))
