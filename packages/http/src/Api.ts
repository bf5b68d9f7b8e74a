import {
  CreateLink,
  CreateNote,
  CreateRequest,
  CreateSession,
  CreateWebhookEndpoint,
  ExtendRequest,
  HistoryEntry,
  Link,
  Note,
  Organization,
  PatchOrganizationSettings,
  PatchRequest,
  Request,
  RequestId,
  RotateWebhookSecret,
  Session,
  UserRight,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointId,
  WebhookEndpointWithSecret
} from "@dsar/domain"
import { HttpApi, HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Option, Schema, SchemaAST as AST } from "effect"
import {
  BadRequestJson,
  ConflictJson,
  ForbiddenJson,
  NotAuthenticatedJson,
  NotFoundJson,
  PayloadTooLargeJson,
  ServiceUnavailableJson,
  TooManyRequestsJson
} from "./ApiErrors.js"
import { Authentication } from "./Authentication.js"
import { Evidence } from "./Evidence.js"
import { EmailPath, ListRequestsParams, OrganizationParam, PageSize, QueryLimits, RequestIdPath } from "./ListQuery.js"
import { RequestEmail } from "./ports/Outbox.js"
import {
  EmailPreview,
  EmailTemplateParams,
  EmailTemplateResource,
  EmailTypePath,
  SaveEmailTemplate
} from "./services/EmailTemplates.js"

/** Bodies over this many bytes are refused with 413. */
export const MaxBodyBytes = 256 * 1024

/** JSON nested deeper than this is refused: no resource of the API comes close. */
export const MaxJsonDepth = 32

// Payloads report every problem at once, not only the first; a schema's own options (such as
// PatchRequest's refusal of unknown properties) are kept, since an annotation replaces, not merges.
// Unknown properties are refused too: a misspelt property would otherwise be dropped silently.
const payload = <A, I>(schema: Schema.Schema<A, I>) =>
  schema.annotations({
    parseOptions: {
      ...Option.getOrUndefined(AST.getParseOptionsAnnotation(schema.ast)),
      errors: "all",
      onExcessProperty: "error"
    },
    message: () => "must be a JSON object"
  })

const OrganizationParams = Schema.Struct(OrganizationParam).annotations({
  parseOptions: { onExcessProperty: "error", errors: "all" }
})

/** What each endpoint decodes from its body; clients check what they send against the same schemas. */
export const Payloads = {
  createSession: payload(CreateSession),
  createRequest: payload(CreateRequest),
  patchRequest: payload(PatchRequest),
  createNote: payload(CreateNote),
  createLink: payload(CreateLink),
  patchOrganization: payload(PatchOrganizationSettings),
  saveEmailTemplate: payload(SaveEmailTemplate),
  extendRequest: payload(ExtendRequest),
  createWebhook: payload(CreateWebhookEndpoint),
  rotateWebhookSecret: payload(RotateWebhookSecret)
} as const

export const NotesListParams = Schema.Struct({ ...OrganizationParam, request_id: RequestId }).annotations({
  parseOptions: { onExcessProperty: "error", errors: "all" }
})

export const EvidenceParams = Schema.Struct({
  ...OrganizationParam,
  format: Schema.optional(Schema.Literal("json", "html")).annotations({
    description:
      "`html` for the printable page, `json` for the record; default: `html` when `Accept` names `text/html`, else `json`."
  })
}).annotations({ parseOptions: { onExcessProperty: "error", errors: "all" } })

export class SessionsApi extends HttpApiGroup.make("sessions")
  .add(
    HttpApiEndpoint.post("create", "/sessions")
      .setPayload(Payloads.createSession)
      .addSuccess(Session, { status: 201 })
      .addError(BadRequestJson)
      .addError(NotAuthenticatedJson)
      .addError(PayloadTooLargeJson)
      .addError(TooManyRequestsJson)
      .annotate(OpenApi.Summary, "Open a session")
      .annotate(
        OpenApi.Description,
        "Trade an API key and secret for a bearer token valid for one hour. Failed logins are limited per client "
          + "address and per key: over a limit, 429 with `Retry-After`, and the secret is not checked."
      )
  )
  .add(
    HttpApiEndpoint.post("createV1", "/v1/sessions")
      .setPayload(Payloads.createSession)
      .addSuccess(Session, { status: 201 })
      .addError(BadRequestJson)
      .addError(NotAuthenticatedJson)
      .addError(PayloadTooLargeJson)
      .addError(TooManyRequestsJson)
      .annotate(OpenApi.Summary, "Open a session (hosted API path)")
      .annotate(OpenApi.Description, "The same as `POST /sessions`, at the path the hosted API uses.")
  )
  .add(
    HttpApiEndpoint.del("end", "/sessions")
      .middleware(Authentication)
      .addSuccess(Schema.Void, { status: 204 })
      .addError(BadRequestJson)
      .addError(PayloadTooLargeJson)
      .annotate(OpenApi.Summary, "End the session")
      .annotate(
        OpenApi.Description,
        "Ends the session of the bearer token sent: the token is refused from then on (on every server sharing "
          + "the database within a few seconds)."
      )
  )
  .add(
    HttpApiEndpoint.del("endV1", "/v1/sessions")
      .middleware(Authentication)
      .addSuccess(Schema.Void, { status: 204 })
      .addError(BadRequestJson)
      .addError(PayloadTooLargeJson)
      .annotate(OpenApi.Summary, "End the session (hosted API path)")
      .annotate(OpenApi.Description, "The same as `DELETE /sessions`, at the path the hosted API uses.")
  )
  .annotate(OpenApi.Title, "Sessions")
  .annotate(
    OpenApi.Description,
    "Bearer tokens for the `/dsar` routes, opened with an API key and secret (`dsar orgs create`, `dsar keys create`)."
  )
{}

/** The list's 200 carries its total and, when more matches follow, the next page's link. */
/**
 * A request as `$select` answers it: `id` and the selected properties, each as `Request` has it
 * (the handler answers stored JSON, so the contract's schema describes it only in the document).
 */
const selectedRequest = {
  type: "object",
  description: "A request with only the properties `$select` names, and `id`.",
  required: ["id"],
  properties: Object.fromEntries(
    Object.keys(Request.fields).map((key) => [key, { $ref: `#/components/schemas/Request/properties/${key}` }])
  ),
  additionalProperties: false
}

const withListHeaders = (operation: Record<string, any>): Record<string, any> => ({
  ...operation,
  responses: {
    ...operation.responses,
    200: {
      ...operation.responses[200],
      content: {
        "application/json": {
          schema: { type: "array", items: { anyOf: [{ $ref: "#/components/schemas/Request" }, selectedRequest] } }
        }
      },
      headers: {
        "x-total-count": {
          description: "How many requests match, on every page.",
          required: true,
          schema: { type: "integer", minimum: 0 }
        },
        link: {
          description:
            "`</dsar/requests?...>; rel=\"next\"`: the next page (the same query, with the `$cursor` of this page's last request in place of `$skip`), when more matches may follow.",
          required: false,
          schema: { type: "string" }
        }
      }
    }
  }
})

export class RequestsApi extends HttpApiGroup.make("requests")
  .add(
    HttpApiEndpoint.post("create", "/dsar/requests")
      .setUrlParams(OrganizationParams)
      .setPayload(Payloads.createRequest)
      .addSuccess(Request, { status: 201 })
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(PayloadTooLargeJson)
      .annotate(OpenApi.Summary, "Create a request")
      .annotate(
        OpenApi.Description,
        "Registers a data-subject request. With status `unverified`, an approval link is emailed to the requester and its URL is `validation.approve_url`."
      )
  )
  .add(
    HttpApiEndpoint.get("list", "/dsar/requests")
      .setUrlParams(ListRequestsParams)
      .addSuccess(Schema.Array(Request))
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .annotate(OpenApi.Summary, "List requests")
      .annotate(
        OpenApi.Description,
        `The hosted API's query language (Feathers'), as its clients send it: \`field=value\` (repeated: one of them), \`field[$in]\`, \`[$nin]\`, \`[$ne]\`, and on instants and ids \`[$lt]\`, \`[$lte]\`, \`[$gt]\`, \`[$gte]\`; lists as \`[$in][0]=a&[$in][1]=b\`, \`[$in][]=a\`, a repeated key or (catalogue names) \`a,b\`. \`$or[0][field]=...&$or[1][field]=...\` holds when one of its conditions does, \`$and[...]\` when all do; conditions otherwise combine with AND. \`$sort[field]=1|-1\` (several keys, in order; newest first by default), \`$select\` (\`id\` always), \`$skip\` (at most ${QueryLimits.skip}), \`$cursor\` (the next page's position, from the \`Link\` header; the same cost at any depth), \`$limit\` (default ${PageSize.default}; above ${PageSize.max}, ${PageSize.max}; \`0\` answers the total alone). The total number of matches is in the \`X-Total-Count\` header and the next page, if any, in a \`Link: <...>; rel="next"\` header.`
      )
      .annotate(OpenApi.Transform, withListHeaders)
  )
  .add(
    HttpApiEndpoint.get("get", "/dsar/requests/:id")
      .setPath(RequestIdPath)
      .setUrlParams(OrganizationParams)
      .addSuccess(Request)
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .annotate(OpenApi.Summary, "Get a request")
      .annotate(
        OpenApi.Description,
        "The request as stored, with its source, validation and request fields. Another organisation's request is a 404, exactly like an id that does not exist."
      )
  )
  .add(
    HttpApiEndpoint.patch("update", "/dsar/requests/:id")
      .setPath(RequestIdPath)
      .setUrlParams(OrganizationParams)
      .setPayload(Payloads.patchRequest)
      .addSuccess(Request)
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .addError(ConflictJson)
      .addError(PayloadTooLargeJson)
      .annotate(OpenApi.Summary, "Update a request")
      .annotate(
        OpenApi.Description,
        "Only `status`, `metadata`, `extra_message_variables` and `refusal` can be changed; any other property refuses the whole change. A status change the lifecycle does not allow is a 409 naming the allowed ones; a change to the current status is a no-op. A move to `refused` needs `refusal` (`reason`, a code of the catalogue, and optional `details`, required with `other`), stored and queued with the refusal email: without it, or with `refusal` and another status, a 400 naming `refusal` (an extension of the hosted API)."
      )
  )
  .add(
    HttpApiEndpoint.get("history", "/dsar/requests/:id/history")
      .setPath(RequestIdPath)
      .setUrlParams(OrganizationParams)
      .addSuccess(Schema.Array(HistoryEntry))
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .annotate(OpenApi.Summary, "A request's history (extension)")
      .annotate(
        OpenApi.Description,
        "Every creation and change of the request, oldest first: who (API key or approval link), when, from which status to which, what changed. Not part of the hosted API."
      )
  )
  .add(
    HttpApiEndpoint.get("evidence", "/dsar/requests/:id/evidence")
      .setPath(RequestIdPath)
      .setUrlParams(EvidenceParams)
      .addSuccess(Evidence)
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .annotate(OpenApi.Summary, "A request's evidence record (extension)")
      .annotate(
        OpenApi.Description,
        "The request's complete record for an auditor: the request, every change with who, when and how (each history entry with its position and hash in the organisation's chain), the requester's link confirmations, every email with its times and Message-ID, the deadline, and whether the organisation's history chain verifies (`chain`). With `format=html`, or `Accept: text/html`, a readable page to print or save as PDF (`text/html`) instead. Not part of the hosted API."
      )
  )
  .add(
    HttpApiEndpoint.post("extend", "/dsar/requests/:id/extensions")
      .setPath(RequestIdPath)
      .setUrlParams(OrganizationParams)
      .setPayload(Payloads.extendRequest)
      .addSuccess(Request)
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .addError(ConflictJson)
      .addError(PayloadTooLargeJson)
      .annotate(OpenApi.Summary, "Extend a request's deadline, with notice (extension)")
      .annotate(
        OpenApi.Description,
        "Moves `expires_at` to `expires_at` of the body, by default the latest the right allows (its first deadline plus the right's `extension.period`), and emails the requester the new date and the `reason`; the history records `request.extend` with the reason. Only on an open request, before its current deadline, as many times as the right's `extension.times`: otherwise 409 naming what stands in the way. A date past the latest allowed, or not after the current deadline, is a 400 at `expires_at`. Not part of the hosted API."
      )
  )
  .add(
    HttpApiEndpoint.get("emails", "/dsar/requests/:id/emails")
      .setPath(RequestIdPath)
      .setUrlParams(OrganizationParams)
      .addSuccess(Schema.Array(RequestEmail))
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .annotate(OpenApi.Summary, "A request's emails (extension)")
      .annotate(
        OpenApi.Description,
        "Every email sent or to be sent to the requester about this request, oldest first: its kind, delivery `state` (`pending`, `delivered`, or `failed`: given up after a permanent refusal or too many attempts), attempts, and the last error; never the address or the content. Not part of the hosted API."
      )
  )
  .add(
    HttpApiEndpoint.post("retryEmail", "/dsar/requests/:id/emails/:message_id/retry")
      .setPath(EmailPath)
      .setUrlParams(OrganizationParams)
      .addSuccess(RequestEmail)
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .addError(ConflictJson)
      .addError(PayloadTooLargeJson)
      .annotate(OpenApi.Summary, "Retry a failed email (extension)")
      .annotate(
        OpenApi.Description,
        "Queues a `failed` email again, due at once, its attempts counted from 0; the history records `email.retry`. 409 when the email is not `failed`. Not part of the hosted API."
      )
  )
  .add(
    HttpApiEndpoint.del("erase", "/dsar/requests/:id")
      .setPath(RequestIdPath)
      .setUrlParams(OrganizationParams)
      .addSuccess(Request)
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .addError(ConflictJson)
      .addError(PayloadTooLargeJson)
      .annotate(OpenApi.Summary, "Erase a request's personal data (extension)")
      .annotate(
        OpenApi.Description,
        "Erases the requester's personal data everywhere it is stored (fields, user, metadata, message variables, notes, history values, emails, links) and answers the record that remains: id, right, regulation, last status, dates, and `erasure` (when, by whom). Erasing again answers the same record. Not part of the hosted API."
      )
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Requests")
  .annotate(
    OpenApi.Description,
    "Data-subject requests of the session's organisation: create, read, list, change through the lifecycle; their history, emails and erasure (extensions)."
  )
{}

export class NotesApi extends HttpApiGroup.make("notes")
  .add(
    HttpApiEndpoint.post("create", "/dsar/requests/notes")
      .setUrlParams(OrganizationParams)
      .setPayload(Payloads.createNote)
      .addSuccess(Note, { status: 201 })
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .addError(PayloadTooLargeJson)
      .annotate(OpenApi.Summary, "Add a note to a request")
      .annotate(
        OpenApi.Description,
        "Keeps a staff comment with the request: `value` is non-empty, at most 10,000 characters, with no leading or trailing whitespace."
      )
  )
  .add(
    HttpApiEndpoint.get("list", "/dsar/requests/notes")
      .setUrlParams(NotesListParams)
      .addSuccess(Schema.Array(Note))
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .annotate(OpenApi.Summary, "List a request's notes, oldest first")
      .annotate(OpenApi.Description, "Every note kept with the request named by `request_id`, oldest first.")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Notes")
  .annotate(OpenApi.Description, "Staff comments kept with a request, as the hosted API has them.")
{}

export class LinksApi extends HttpApiGroup.make("links")
  .add(
    HttpApiEndpoint.post("create", "/dsar/links")
      .setUrlParams(OrganizationParams)
      .setPayload(Payloads.createLink)
      .addSuccess(Link, { status: 201 })
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .addError(ConflictJson)
      .addError(PayloadTooLargeJson)
      .annotate(OpenApi.Summary, "Create an approval link")
      .annotate(
        OpenApi.Description,
        "A single-use link that applies `event` to the request when the requester confirms it, then redirects to `redirect_url`. The event is checked against the lifecycle now and again on confirmation."
      )
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Links")
  .annotate(
    OpenApi.Description,
    "Single-use approval links: a public page (`/links/{token}`, HTML, outside this document) applies a status change once the requester confirms it."
  )
{}

export const WebhookPath = Schema.Struct({ id: WebhookEndpointId })
export const WebhookDeliveryPath = Schema.Struct({
  id: WebhookEndpointId,
  delivery_id: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(100))
})

export class WebhooksApi extends HttpApiGroup.make("webhooks")
  .add(
    HttpApiEndpoint.post("create", "/dsar/webhooks")
      .setUrlParams(OrganizationParams)
      .setPayload(Payloads.createWebhook)
      .addSuccess(WebhookEndpointWithSecret, { status: 201 })
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(PayloadTooLargeJson)
      .annotate(OpenApi.Summary, "Create a webhook endpoint (extension)")
      .annotate(
        OpenApi.Description,
        "Subscribes `url` to `event_types`. Each event is POSTed as JSON `{ type, timestamp, data }` (ids and statuses, no personal data) and signed as the Standard Webhooks specification says (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The answer holds the signing `secret`, shown only here and on rotation. A `url` on a private or loopback address is a 400 unless the server allows it. Not part of the hosted API."
      )
  )
  .add(
    HttpApiEndpoint.get("list", "/dsar/webhooks")
      .setUrlParams(OrganizationParams)
      .addSuccess(Schema.Array(WebhookEndpoint))
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .annotate(OpenApi.Summary, "List webhook endpoints (extension)")
      .annotate(OpenApi.Description, "The organisation's endpoints, oldest first, without their secrets.")
  )
  .add(
    HttpApiEndpoint.get("get", "/dsar/webhooks/:id")
      .setPath(WebhookPath)
      .setUrlParams(OrganizationParams)
      .addSuccess(WebhookEndpoint)
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .annotate(OpenApi.Summary, "Get a webhook endpoint (extension)")
  )
  .add(
    HttpApiEndpoint.del("delete", "/dsar/webhooks/:id")
      .setPath(WebhookPath)
      .setUrlParams(OrganizationParams)
      .addSuccess(Schema.Void, { status: 204 })
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .annotate(OpenApi.Summary, "Delete a webhook endpoint (extension)")
      .annotate(
        OpenApi.Description,
        "Deletes the endpoint, its secrets and its delivery log; pending deliveries are not sent."
      )
  )
  .add(
    HttpApiEndpoint.post("rotateSecret", "/dsar/webhooks/:id/rotate-secret")
      .setPath(WebhookPath)
      .setUrlParams(OrganizationParams)
      .setPayload(Payloads.rotateWebhookSecret)
      .addSuccess(WebhookEndpointWithSecret)
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .addError(PayloadTooLargeJson)
      .annotate(OpenApi.Summary, "Rotate a webhook endpoint's secret (extension)")
      .annotate(
        OpenApi.Description,
        "A new secret signs from now on, answered once. The previous one signs too until `previous_secret_expires_at` (`overlap_seconds`, default one day): during the overlap `webhook-signature` carries both signatures, so a receiver verifying with either secret accepts every delivery."
      )
  )
  .add(
    HttpApiEndpoint.get("deliveries", "/dsar/webhooks/:id/deliveries")
      .setPath(WebhookPath)
      .setUrlParams(OrganizationParams)
      .addSuccess(Schema.Array(WebhookDelivery))
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .annotate(OpenApi.Summary, "An endpoint's delivery log (extension)")
      .annotate(
        OpenApi.Description,
        "The endpoint's latest deliveries (at most 100), newest first: the event, its `webhook-id`, `state` (`pending`, `delivered`, or `failed`: a dead letter after the bounded number of attempts), attempts, the last HTTP status and error."
      )
  )
  .add(
    HttpApiEndpoint.post("redeliver", "/dsar/webhooks/:id/deliveries/:delivery_id/redeliver")
      .setPath(WebhookDeliveryPath)
      .setUrlParams(OrganizationParams)
      .addSuccess(WebhookDelivery)
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .addError(ConflictJson)
      .addError(PayloadTooLargeJson)
      .annotate(OpenApi.Summary, "Redeliver a webhook (extension)")
      .annotate(
        OpenApi.Description,
        "Queues a `delivered` or `failed` delivery again, due at once, attempts counted from 0, with the same `webhook-id` and body (signed anew). 409 while it is `pending`."
      )
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Webhooks")
{}

export class UserRightsApi extends HttpApiGroup.make("userRights")
  .add(
    HttpApiEndpoint.get("list", "/dsar/user-rights")
      .setUrlParams(OrganizationParams)
      .addSuccess(Schema.Array(UserRight))
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .annotate(OpenApi.Summary, "The rights catalogue")
      .annotate(
        OpenApi.Description,
        "Every right a request can exercise, with its regulation and response deadline in days."
      )
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "User rights")
  .annotate(OpenApi.Description, "The catalogue of rights a request can exercise, read-only.")
{}

export class OrganizationApi extends HttpApiGroup.make("organization")
  .add(
    HttpApiEndpoint.get("get", "/dsar/organization")
      .setUrlParams(OrganizationParams)
      .addSuccess(Organization)
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .annotate(OpenApi.Summary, "The session's organisation (extension)")
      .annotate(
        OpenApi.Description,
        "Its name, redirect settings and `settings`: how its emails and link pages present it (sender name, reply-to, logo, colours) and the default language of its requests. Not part of the hosted API."
      )
  )
  .add(
    HttpApiEndpoint.patch("update", "/dsar/organization")
      .setUrlParams(OrganizationParams)
      .setPayload(Payloads.patchOrganization)
      .addSuccess(Organization)
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .addError(ConflictJson)
      .addError(PayloadTooLargeJson)
      .annotate(OpenApi.Summary, "Change the organisation's settings (extension)")
      .annotate(
        OpenApi.Description,
        "Replaces each setting the body names; `null` resets one to the built-in look. A logo must be an https URL, colours `#rrggbb`, `reply_to` an address, `slug` 3 to 63 characters of `a-z`, `0-9` and inner `-` (lower-cased), not held by another organisation (409 naming `slug`, nothing changed). Not part of the hosted API."
      )
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Organisation")
{}

export class EmailsApi extends HttpApiGroup.make("emails")
  .add(
    HttpApiEndpoint.get("list", "/dsar/emails")
      .setUrlParams(EmailTemplateParams)
      .addSuccess(Schema.Array(EmailTemplateResource))
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .annotate(OpenApi.Summary, "Every type of email and its template (extension)")
      .annotate(
        OpenApi.Description,
        "One entry per type of email (approval, renewal, fulfilment per right kind, refusal, status notice), in `language` (default: the organisation's): the organisation's own template, or the built-in one (`custom: false`). In the spirit of the hosted API's emails resource."
      )
  )
  .add(
    HttpApiEndpoint.get("get", "/dsar/emails/:type")
      .setPath(EmailTypePath)
      .setUrlParams(EmailTemplateParams)
      .addSuccess(EmailTemplateResource)
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .annotate(OpenApi.Summary, "One type of email's template (extension)")
  )
  .add(
    HttpApiEndpoint.put("save", "/dsar/emails/:type")
      .setPath(EmailTypePath)
      .setUrlParams(EmailTemplateParams)
      .setPayload(Payloads.saveEmailTemplate)
      .addSuccess(EmailTemplateResource)
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .addError(PayloadTooLargeJson)
      .annotate(OpenApi.Summary, "Replace a type of email's template (extension)")
      .annotate(
        OpenApi.Description,
        "Subject, text and HTML body in Mustache (`{{variable}}`, `{{#section}}...{{/section}}`), every value escaped in the HTML. Refused with a 400 naming each part and problem: a variable the type does not have (see `variables`; `extra.KEY` is always allowed), an unbalanced section, an unescaped value (`{{{x}}}`), a partial. Nothing is stored then."
      )
  )
  .add(
    HttpApiEndpoint.del("reset", "/dsar/emails/:type")
      .setPath(EmailTypePath)
      .setUrlParams(EmailTemplateParams)
      .addSuccess(EmailTemplateResource)
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .annotate(OpenApi.Summary, "Reset a type of email to the built-in template (extension)")
  )
  .add(
    HttpApiEndpoint.post("preview", "/dsar/emails/:type/preview")
      .setPath(EmailTypePath)
      .setUrlParams(EmailTemplateParams)
      .setPayload(Schema.Union(Payloads.saveEmailTemplate, Schema.Struct({})))
      .addSuccess(EmailPreview)
      .addError(BadRequestJson)
      .addError(ForbiddenJson)
      .addError(NotFoundJson)
      .addError(PayloadTooLargeJson)
      .annotate(OpenApi.Summary, "Preview a type of email with sample data (extension)")
      .annotate(
        OpenApi.Description,
        "Renders the template in the body (checked as saving checks it), or with `{}` the one in use, with a sample request and the organisation's settings: the subject, the text part and the whole HTML part. Sends nothing."
      )
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Emails")
{}

export const Health = Schema.Struct({
  status: Schema.Literal("ok"),
  storage: Schema.Literal("ok")
}).annotations({ identifier: "Health" })

export class HealthApi extends HttpApiGroup.make("health")
  .add(
    HttpApiEndpoint.get("check", "/health")
      .addSuccess(Health)
      .addError(ServiceUnavailableJson)
      .annotate(OpenApi.Summary, "Liveness and readiness")
      .annotate(OpenApi.Description, "200 when the server runs and its storage answers.")
  )
  .annotate(OpenApi.Title, "Health")
  .annotate(OpenApi.Description, "Liveness and readiness, for probes and load balancers; no token.")
{}

/** The whole API: the hosted privacy-requests API, plus the extensions marked as such. */
export class DsarApi extends HttpApi.make("dsar")
  .add(SessionsApi)
  .add(RequestsApi)
  .add(NotesApi)
  .add(LinksApi)
  .add(UserRightsApi)
  .add(OrganizationApi)
  .add(EmailsApi)
  .add(WebhooksApi)
  .add(HealthApi)
  .annotate(OpenApi.Title, "DSAR toolkit API")
  .annotate(OpenApi.Servers, [{ url: "/", description: "This server: the one that serves this document." }])
  .annotate(OpenApi.Version, "0.1.0")
  .annotate(OpenApi.License, { name: "MIT", url: "https://spdx.org/licenses/MIT.html" })
  .annotate(
    OpenApi.Description,
    `Privacy requests (data-subject access, deletion and opt-out) compatible with the hosted privacy-requests API. Errors are \`{ code, name, message, errors }\`. Bodies are JSON (\`content-type: application/json\`), at most ${MaxBodyBytes} bytes and ${MaxJsonDepth} levels deep; on every route, a body that breaks these rules is refused (400, or 413 when too large), even where the operation takes none. While the server starts or stops, every route answers 503 with \`Retry-After\`. A method a path does not take is a 405 with \`Allow\`. Every 401 carries \`WWW-Authenticate: Bearer\`. A link's \`url\` (\`/links/{token}\`) is a public HTML page for the requester, outside this contract: GET shows what confirming does and changes nothing (an expired link is renewed by email, once), POST confirms and answers 303 to \`redirect_url\`.`
  )
{}
