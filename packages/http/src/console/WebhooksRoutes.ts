import { CreateWebhookEndpoint, decodeInput, WebhookEndpointId, WebhookEventTypes } from "@dsar/domain"
import { HttpRouter } from "@effect/platform"
import { Effect, Either, Schema } from "effect"
import { type ApiError, fromDomainError } from "../ApiErrors.js"
import { html } from "../Html.js"
import { WebhooksService } from "../services/Webhooks.js"
import { csrfField, requirePermission, type SignedInOperator } from "./ConsoleAuth.js"
import { doneNotice, formFields, search, StatusOf } from "./ConsoleForms.js"
import { consolePage, seeOther } from "./ConsoleLayout.js"
import type { FormFields } from "./RequestActions.js"
import { SettingsPaths } from "./SettingsPages.js"
import { eventField, webhookBody, webhookCreatedBody, webhooksBody } from "./WebhooksPages.js"

// The webhooks settings pages, for admins, through `WebhooksService` (the API's `/dsar/webhooks`):
// the same checks (https, private targets, event types), for the operator's organisation only.

const Done = { removed: "The endpoint was removed: it receives nothing more." } as const

/** The form's fields as the API's body: the ticked event types, the description when given. */
const endpointInput = (form: FormFields) =>
  Either.mapLeft(
    decodeInput(CreateWebhookEndpoint)({
      url: form["url"] ?? "",
      event_types: WebhookEventTypes.filter((type) => form[eventField(type)] === "on"),
      ...((form["description"] ?? "").trim() === "" ? {} : { description: form["description"] })
    }),
    fromDomainError
  )

const webhooksPage = (
  operator: SignedInOperator,
  outcome: { readonly error?: ApiError; readonly form?: FormFields; readonly done?: string } = {}
) =>
  Effect.gen(function*() {
    const endpoints = yield* (yield* WebhooksService).list(operator.organization_id)
    const { error } = outcome
    return consolePage({
      title: "Webhooks",
      operator,
      path: SettingsPaths.webhooks,
      ...(error !== undefined && { status: StatusOf[error._tag] }),
      body: webhooksBody({
        endpoints,
        csrf: csrfField(operator),
        ...(error !== undefined && {
          notice: { kind: "error", text: "Nothing was added:" },
          problems: error.errors.map((issue) => `${issue.path}: ${issue.message}`)
        }),
        ...(outcome.done !== undefined && { notice: { kind: "done", text: outcome.done } }),
        ...(outcome.form !== undefined && { form: outcome.form })
      })
    })
  })

export const webhooksRoute = Effect.gen(function*() {
  const operator = yield* requirePermission("settings.read")
  const done = doneNotice(Done, yield* search)
  return yield* webhooksPage(operator, done === undefined ? {} : { done: done.text })
})

export const createWebhookRoute = Effect.gen(function*() {
  const operator = yield* requirePermission("settings.update")
  const form = yield* formFields
  const created = yield* Effect.either(
    Effect.flatMap(
      endpointInput(form),
      (input) => Effect.flatMap(WebhooksService, (webhooks) => webhooks.create(operator.organization_id, input))
    )
  )
  return Either.isRight(created)
    ? consolePage({
      title: "Endpoint added",
      operator,
      path: SettingsPaths.webhooks,
      body: webhookCreatedBody(created.right)
    })
    : yield* webhooksPage(operator, { error: created.left, form })
})

const endpointId = Effect.map(
  HttpRouter.params,
  (params) => Schema.decodeUnknownEither(WebhookEndpointId)(params["id"] ?? "")
)

const missing = (operator: SignedInOperator) =>
  consolePage({
    title: "Webhook endpoint",
    operator,
    path: SettingsPaths.webhooks,
    status: 404,
    body: html`<div class="notice error" role="alert"><p>There is no such webhook endpoint.</p></div>
<p><a href="${SettingsPaths.webhooks}">Back to the webhooks</a></p>`
  })

export const webhookRoute = Effect.gen(function*() {
  const operator = yield* requirePermission("settings.read")
  const id = yield* endpointId
  if (Either.isLeft(id)) return missing(operator)
  const webhooks = yield* WebhooksService
  const found = yield* Effect.either(
    Effect.zip(
      webhooks.get(operator.organization_id, id.right),
      webhooks.deliveries(operator.organization_id, id.right)
    )
  )
  if (Either.isLeft(found)) return missing(operator)
  const [endpoint, deliveries] = found.right
  return consolePage({
    title: "Webhook endpoint",
    operator,
    path: SettingsPaths.webhooks,
    body: webhookBody(endpoint, deliveries)
  })
})

export const removeWebhookRoute = Effect.gen(function*() {
  const operator = yield* requirePermission("settings.update")
  const id = yield* endpointId
  if (Either.isLeft(id)) return missing(operator)
  const removed = yield* Effect.either(
    Effect.flatMap(WebhooksService, (webhooks) => webhooks.remove(operator.organization_id, id.right))
  )
  return Either.isRight(removed) ? seeOther(`${SettingsPaths.webhooks}?done=removed`) : missing(operator)
})
