import { HttpApiBuilder, OpenApi } from "@effect/platform"
import { Layer } from "effect"
import { DsarApi } from "./Api.js"
import { lazyDocsLayer } from "./Docs.js"
import { ErrorShapeLive } from "./ErrorShape.js"
import {
  EmailsLive,
  HealthLive,
  LinksLive,
  NotesLive,
  OrganizationLive,
  RequestsLive,
  SessionsLive,
  UserRightsLive,
  WebhooksLive
} from "./Handlers.js"
import { LinkPagesLive } from "./LinkPages.js"
import { DocsPath, OpenApiPath } from "./Routes.js"
import { EmailsService } from "./services/Emails.js"
import { EmailTemplatesService } from "./services/EmailTemplates.js"
import { ErasureService } from "./services/Erasure.js"
import { EvidenceService } from "./services/Evidence.js"
import { LinksService } from "./services/Links.js"
import { NotesService } from "./services/Notes.js"
import { OrganizationsService } from "./services/Organizations.js"
import { RequestsService } from "./services/Requests.js"
import { AuthenticationLive, SessionsService } from "./services/Sessions.js"
import { WebhooksService } from "./services/Webhooks.js"

/**
 * The services that read and change requests, wired to each other; they still need the storage
 * ports, `IdGenerator`, `SecretHasher` and `Settings`. In-process clients need no more than these.
 */
export const RequestServicesLive = Layer.mergeAll(
  LinksService.Default,
  NotesService.Default,
  ErasureService.Default,
  EmailsService.Default,
  EvidenceService.Default,
  EmailTemplatesService.Default,
  WebhooksService.Default
).pipe(
  Layer.provideMerge(RequestsService.Default),
  Layer.provideMerge(OrganizationsService.Default)
)

/** Every service the API needs, sessions included; they still need the ports and `Settings`. */
export const ServicesLive = RequestServicesLive.pipe(
  Layer.provideMerge(
    Layer.merge(SessionsService.Default, AuthenticationLive).pipe(Layer.provideMerge(SessionsService.Default))
  )
)

// The platform documents its own decode error (and the schemas only it uses) on every route;
// ours replace it (see ErrorShape). Effect also gives every `Schema.Unknown` the same `$id`,
// which OpenAPI 3.1 forbids repeating.
const PLATFORM_ONLY = new Set(["HttpApiDecodeError", "Issue", "PropertyKey"])
const DECODE_ERROR_REF = "#/components/schemas/HttpApiDecodeError"

const documented = (spec: Record<string, any>): Record<string, any> => {
  const copy = JSON.parse(JSON.stringify(spec), (key, value) => {
    if (key === "$id" && value === "/schemas/unknown") return undefined
    if (value && typeof value === "object" && Array.isArray(value.anyOf)) {
      const { anyOf, ...rest } = value
      const kept = anyOf.filter((schema: { $ref?: string }) => schema.$ref !== DECODE_ERROR_REF)
      return kept.length === 1 ? { ...rest, ...kept[0] } : { ...rest, anyOf: kept }
    }
    return value
  })
  for (const name of PLATFORM_ONLY) delete copy.components?.schemas?.[name]
  // An operation that declares no 400 of its own (it takes no parameter) answers none.
  for (const operations of Object.values<Record<string, any>>(copy.paths ?? {})) {
    for (const operation of Object.values<Record<string, any>>(operations)) {
      const schema = operation?.responses?.["400"]?.content?.["application/json"]?.schema
      if (schema?.$ref === DECODE_ERROR_REF || (Array.isArray(schema?.anyOf) && schema.anyOf.length === 0)) {
        delete operation.responses["400"]
      }
    }
  }
  return copy
}

const DocumentedApi = DsarApi.annotate(OpenApi.Transform, documented)

/**
 * The API as a layer: routes, authentication, error shape, `/openapi.json`, the interactive
 * reference at `/docs` and the public link pages at `/links/<token>`. Serve it with
 * `HttpApiBuilder.serve()` over an `HttpServer`.
 */
export const ApiLive = Layer.mergeAll(
  HttpApiBuilder.middlewareOpenApi({ path: OpenApiPath }),
  lazyDocsLayer({ path: DocsPath }),
  LinkPagesLive,
  ErrorShapeLive
).pipe(
  Layer.provideMerge(HttpApiBuilder.api(DocumentedApi)),
  Layer.provide([
    SessionsLive,
    RequestsLive,
    NotesLive,
    LinksLive,
    UserRightsLive,
    OrganizationLive,
    EmailsLive,
    HealthLive,
    WebhooksLive
  ]),
  Layer.provide(ServicesLive)
)
