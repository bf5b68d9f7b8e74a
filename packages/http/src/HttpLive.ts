import { HttpApiBuilder } from "@effect/platform"
import type { ScalarConfig } from "@effect/platform/HttpApiScalar"
import { Layer } from "effect"
import { DocumentedApi } from "./ApiDocument.js"
import { ConsolePagesLive } from "./console/ConsolePagesLive.js"
import { OperatorsService } from "./console/Operators.js"
import { SignInLinkMailer, SignInLinkRequests } from "./console/SignInLinks.js"
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
import { PrivacyFormLive } from "./privacy/PrivacyFormLive.js"
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
  WebhooksService.Default,
  OperatorsService.Default
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

/** Sign-in links emailed to operators (the sign-in page, `dsar operators add`); they need a `Mailer` besides the services. */
export const SignInLinksLive = SignInLinkRequests.Default.pipe(Layer.provideMerge(SignInLinkMailer.Default))

/**
 * The interactive reference works offline, as the rest of the server does: the page fetches
 * nothing from another host. Scalar's default fonts come from its font server, its toolbar
 * ("Share", "Generate SDKs", "Deploy") from its cloud, and it reports usage; all three are off, and
 * so is the button opening its API client (whose extras need its cloud too). Some of these options
 * (those of Scalar 1.39, which the platform bundles) are not in the platform's `ScalarConfig` type.
 */
const offlineReference: ScalarConfig = {
  withDefaultFonts: false,
  ...{ showToolbar: "never", telemetry: false, hideClientButton: true }
}

/**
 * The API as a layer: routes, authentication, error shape, `/openapi.json`, the interactive
 * reference at `/docs`, the public link pages at `/links/<token>`, the requesters' form at
 * `/privacy/<organisation>` and the console at `/console`. Serve it with `HttpApiBuilder.serve()`
 * over an `HttpServer`; it needs the ports, `Settings` and a `Mailer` (sign-in links).
 */
export const ApiLive = Layer.mergeAll(
  HttpApiBuilder.middlewareOpenApi({ path: OpenApiPath }),
  lazyDocsLayer({ path: DocsPath, scalar: offlineReference }),
  LinkPagesLive,
  PrivacyFormLive,
  ConsolePagesLive,
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
  Layer.provide(SignInLinksLive),
  Layer.provide(ServicesLive)
)
