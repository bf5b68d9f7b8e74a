import { HttpApiBuilder, HttpServerResponse } from "@effect/platform"
import { Effect } from "effect"
import type { IdGenerator, SecretHasher } from "../ports/Crypto.js"
import type { Outbox } from "../ports/Outbox.js"
import type { HistoryStore, LinksStore, RequestsStore, Transactor } from "../ports/Stores.js"
import type { WebhooksStore } from "../ports/Webhooks.js"
import type { EmailTemplatesService } from "../services/EmailTemplates.js"
import type { ErasureService } from "../services/Erasure.js"
import type { EvidenceService } from "../services/Evidence.js"
import type { NotesService } from "../services/Notes.js"
import type { OrganizationsService } from "../services/Organizations.js"
import type { RequestsService } from "../services/Requests.js"
import type { WebhooksService } from "../services/Webhooks.js"
import type { Settings } from "../Settings.js"
import { seeOther } from "./ConsoleLayout.js"
import { consoleRequestsCss } from "./ConsoleRequestsStyle.js"
import { consoleCss, ConsoleCssPath } from "./ConsoleStyle.js"
import {
  emailTemplateRoute,
  emailTemplatesRoute,
  previewEmailTemplateRoute,
  resetEmailTemplateRoute,
  saveEmailTemplateRoute
} from "./EmailTemplatesRoutes.js"
import type { OperatorsService } from "./Operators.js"
import {
  dashboardRoute,
  eraseActionRoute,
  evidencePageRoute,
  extendActionRoute,
  noteActionRoute,
  requestPageRoute,
  requestsCsvRoute,
  requestsListRoute,
  statusActionRoute
} from "./RequestsRoutes.js"
import {
  addOperatorRoute,
  createKeyRoute,
  keysRoute,
  operatorLinkRoute,
  operatorRoleRoute,
  operatorsRoute,
  redirectDomainsRoute,
  removeOperatorRoute,
  revokeKeyRoute,
  revokeOperatorSessionsRoute,
  saveRedirectDomainsRoute,
  settingsOverviewRoute
} from "./SettingsRoutes.js"
import type { SignInLinkRequests } from "./SignInLinks.js"
import { askForLink, signInLinkPage, signInPage, signInWithLink, signOut } from "./SignInPages.js"
import { unknownPageRoute } from "./UnknownPage.js"
import { createWebhookRoute, removeWebhookRoute, webhookRoute, webhooksRoute } from "./WebhooksRoutes.js"

// Every console route, registered in one list; ConsoleRoutes.ts lists them too (for 405 and Allow).

const stylesheet = HttpServerResponse.text(consoleCss + consoleRequestsCss, {
  contentType: "text/css; charset=utf-8",
  headers: { "cache-control": "public, max-age=3600", "x-content-type-options": "nosniff" }
})

/**
 * What the console's handlers need, captured when the routes are mounted (a route gets no services
 * of its own): the operators', organisations', requests' and notes' services, and the ports their changes use.
 */
type ConsoleServices =
  | OperatorsService
  | OrganizationsService
  | Settings
  | SecretHasher
  | RequestsService
  | NotesService
  | RequestsStore
  | HistoryStore
  | LinksStore
  | Transactor
  | IdGenerator
  | Outbox
  | WebhooksStore
  | EvidenceService
  | ErasureService
  | WebhooksService
  | EmailTemplatesService
  | SignInLinkRequests

export const ConsolePagesLive = HttpApiBuilder.Router.use((router) =>
  Effect.gen(function*() {
    const services = yield* Effect.context<ConsoleServices>()
    const route = <A, E, R>(handler: Effect.Effect<A, E, R>) =>
      Effect.provide(handler, services) as Effect.Effect<A, E, Exclude<R, ConsoleServices>>
    yield* router.get(ConsoleCssPath, Effect.succeed(stylesheet))
    yield* router.get("/console", route(dashboardRoute))
    yield* router.get("/console/requests", route(requestsListRoute))
    yield* router.get("/console/requests.csv", route(requestsCsvRoute))
    yield* router.get("/console/requests/:id", route(requestPageRoute))
    yield* router.post("/console/requests/:id/status", route(statusActionRoute))
    yield* router.post("/console/requests/:id/notes", route(noteActionRoute))
    yield* router.post("/console/requests/:id/extend", route(extendActionRoute))
    yield* router.post("/console/requests/:id/erase", route(eraseActionRoute))
    yield* router.get("/console/requests/:id/evidence", route(evidencePageRoute))
    yield* router.get("/console/settings", route(settingsOverviewRoute))
    yield* router.get("/console/settings/operators", route(operatorsRoute))
    yield* router.post("/console/settings/operators", route(addOperatorRoute))
    yield* router.post("/console/settings/operators/:id/role", route(operatorRoleRoute))
    yield* router.post("/console/settings/operators/:id/remove", route(removeOperatorRoute))
    yield* router.post("/console/settings/operators/:id/sessions", route(revokeOperatorSessionsRoute))
    yield* router.post("/console/settings/operators/:id/link", route(operatorLinkRoute))
    yield* router.get("/console/settings/keys", route(keysRoute))
    yield* router.post("/console/settings/keys", route(createKeyRoute))
    yield* router.post("/console/settings/keys/:key/revoke", route(revokeKeyRoute))
    yield* router.get("/console/settings/redirect-domains", route(redirectDomainsRoute))
    yield* router.post("/console/settings/redirect-domains", route(saveRedirectDomainsRoute))
    yield* router.get("/console/settings/webhooks", route(webhooksRoute))
    yield* router.post("/console/settings/webhooks", route(createWebhookRoute))
    yield* router.get("/console/settings/webhooks/:id", route(webhookRoute))
    yield* router.post("/console/settings/webhooks/:id/remove", route(removeWebhookRoute))
    yield* router.get("/console/settings/emails", route(emailTemplatesRoute))
    yield* router.get("/console/settings/emails/:type", route(emailTemplateRoute))
    yield* router.post("/console/settings/emails/:type", route(saveEmailTemplateRoute))
    yield* router.post("/console/settings/emails/:type/preview", route(previewEmailTemplateRoute))
    yield* router.post("/console/settings/emails/:type/reset", route(resetEmailTemplateRoute))
    yield* router.get("/console/sign-in", route(signInPage))
    yield* router.post("/console/sign-in", route(askForLink))
    yield* router.get("/console/sign-in/*", route(signInLinkPage))
    yield* router.post("/console/sign-in/*", route(signInWithLink), { uninterruptible: true })
    yield* router.post("/console/sign-out", route(signOut))
    // The server's root is where a team's browser goes first: the console, or its sign-in.
    yield* router.get("/", Effect.succeed(seeOther("/console")))
    // Not in ConsoleRoutes: it names no resource, so another method there stays a 404, not a 405.
    yield* router.get("/console/*", route(unknownPageRoute))
  })
)
