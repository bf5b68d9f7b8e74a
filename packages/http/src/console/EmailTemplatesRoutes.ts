import { decodeInput, Language, Languages } from "@dsar/domain"
import { HttpRouter, type HttpServerResponse } from "@effect/platform"
import { Effect, Either, Option, Schema } from "effect"
import { type ApiError, badRequestFor, fromDomainError } from "../ApiErrors.js"
import { html } from "../Html.js"
import { type EmailTemplateResource, EmailTemplatesService, SaveEmailTemplate } from "../services/EmailTemplates.js"
import { OrganizationsService } from "../services/Organizations.js"
import { csrfField, requirePermission, type SignedInOperator } from "./ConsoleAuth.js"
import { doneNotice, formFields, search, StatusOf } from "./ConsoleForms.js"
import { consolePage, seeOther } from "./ConsoleLayout.js"
import {
  emailTemplateBody,
  emailTemplatesBody,
  emailTemplateUrl,
  type EmailTemplateView,
  inLanguage,
  PartLabels
} from "./EmailTemplatesPages.js"
import { framedStyleSources } from "./FramedStyles.js"
import type { FormFields } from "./RequestActions.js"
import { SettingsPaths } from "./SettingsPages.js"

// The email templates settings pages, for admins, through `EmailTemplatesService` (the API's
// `/dsar/emails`): the same checks, the same sample data for the preview, the same store, for the
// operator's organisation only. The language is the query's (`?language=`) on a page and the
// form's on a post; without one, the organisation's default language.

const Done = {
  saved: "The template was saved: the emails of this type are written with it from now on.",
  reset: "The built-in template is back."
} as const

/** The language asked for, the organisation's default when none is; none when it is not a language. */
const chosenLanguage = (operator: SignedInOperator, given: string | null | undefined) =>
  given === null || given === undefined || given === ""
    ? Effect.map(
      Effect.flatMap(OrganizationsService, (organizations) => organizations.get(operator.organization_id)),
      (organization) => Option.some(organization.settings.default_language)
    )
    : Effect.succeed(Either.getRight(Schema.decodeUnknownEither(Language)(given)))

const queryLanguage = Effect.map(search, (query) => new URLSearchParams(query).get("language"))

const typeParam = Effect.map(HttpRouter.params, (params) => params["type"] ?? "")

const missing = (operator: SignedInOperator) =>
  consolePage({
    title: "Email template",
    operator,
    path: SettingsPaths.emails,
    status: 404,
    body: html`<div class="notice error" role="alert"><p>There is no such email template.</p></div>
<p><a href="${SettingsPaths.emails}">Back to the email templates</a></p>`
  })

export const emailTemplatesRoute = Effect.gen(function*() {
  const operator = yield* requirePermission("settings.read")
  const language = yield* chosenLanguage(operator, yield* queryLanguage)
  if (Option.isNone(language)) return missing(operator)
  const organization = yield* (yield* OrganizationsService).get(operator.organization_id)
  const first = organization.settings.default_language
  return consolePage({
    title: "Email templates",
    operator,
    path: SettingsPaths.emails,
    body: emailTemplatesBody({
      templates: yield* (yield* EmailTemplatesService).list(operator.organization_id, language.value),
      language: language.value,
      languages: [first, ...Languages.filter((other) => other !== first)]
    })
  })
})

/** The type's page: the template in use, unless the view says what the form shows instead. */
const templatePage = (
  operator: SignedInOperator,
  type: string,
  language: Language,
  outcome: Partial<Omit<EmailTemplateView, "template" | "csrf">> & { readonly status?: number } = {}
) =>
  Effect.gen(function*() {
    const found = yield* Effect.either((yield* EmailTemplatesService).get(operator.organization_id, type, language))
    if (Either.isLeft(found)) return missing(operator)
    const { status, ...view } = outcome
    const template = found.right
    return consolePage({
      title: `Email template: ${template.type}`,
      operator,
      path: SettingsPaths.emails,
      ...(status !== undefined && { status }),
      ...(view.preview !== undefined && { framedStyles: yield* framedStyleSources(view.preview.html) }),
      body: emailTemplateBody({ template, form: template, csrf: csrfField(operator), ...view })
    })
  })

export const emailTemplateRoute = Effect.gen(function*() {
  const operator = yield* requirePermission("settings.read")
  const language = yield* chosenLanguage(operator, yield* queryLanguage)
  if (Option.isNone(language)) return missing(operator)
  const notice = doneNotice(Done, yield* search)
  return yield* templatePage(operator, yield* typeParam, language.value, notice === undefined ? {} : { notice })
})

// Browsers send a textarea's line breaks as CRLF; the templates keep the LF they were written with.
const part = (form: FormFields, name: keyof SaveEmailTemplate) => (form[name] ?? "").replace(/\r\n?/g, "\n")

/** The template's parts as sent, to show again. */
const sent = (form: FormFields): SaveEmailTemplate => ({
  subject: part(form, "subject"),
  text: part(form, "text"),
  html: part(form, "html")
})

/** The form's parts as the API's body, checked as the API checks it (lengths). */
const templateInput = (form: FormFields) => Either.mapLeft(decodeInput(SaveEmailTemplate)(sent(form)), fromDomainError)

/** The form's template, checked as the API checks a body, handed to the service; the outcome either way. */
const withTemplateInput = <A>(
  form: FormFields,
  use: (
    templates: EmailTemplatesService,
    input: typeof SaveEmailTemplate.Type
  ) => Effect.Effect<A, ApiError>
) =>
  Effect.either(
    Effect.flatMap(templateInput(form), (input) =>
      Effect.flatMap(EmailTemplatesService, (templates) => use(templates, input)))
  )

/** A refusal on the type's page: its status, what was refused, each part and its problem. */
const refused = (error: ApiError, text: string) => ({
  status: StatusOf[error._tag],
  notice: { kind: "error" as const, text },
  problems: error.errors.map((issue) => `${PartLabels[issue.path] ?? issue.path}: ${issue.message}`)
})

/**
 * A posted form on one type's template: its operator, type, language and fields, or the 404 page
 * when the language is not one; `act` answers it.
 */
const templateAction = <E>(
  act: (
    operator: SignedInOperator,
    type: string,
    language: Language,
    form: FormFields
  ) => Effect.Effect<HttpServerResponse.HttpServerResponse, E, EmailTemplatesService | OrganizationsService>
) =>
  Effect.gen(function*() {
    const operator = yield* requirePermission("settings.update")
    const form = yield* formFields
    const language = yield* chosenLanguage(operator, form["language"])
    if (Option.isNone(language)) return missing(operator)
    return yield* act(operator, yield* typeParam, language.value, form)
  })

export const saveEmailTemplateRoute = templateAction((operator, type, language, form) =>
  Effect.gen(function*() {
    const saved = yield* withTemplateInput(form, (templates, input) =>
      templates.save(operator.organization_id, type, language, input))
    if (Either.isRight(saved)) {
      return seeOther(`${inLanguage(emailTemplateUrl(type), language)}&done=saved`)
    }
    if (saved.left._tag === "NotFound") {
      return missing(operator)
    }
    return yield* templatePage(operator, type, language, {
      ...refused(saved.left, "Nothing was saved:"),
      form: sent(form)
    })
  })
)

export const previewEmailTemplateRoute = templateAction((operator, type, language, form) =>
  Effect.gen(function*() {
    const previewed = yield* withTemplateInput(form, (templates, input) =>
      templates.preview(operator.organization_id, type, language, input))
    if (Either.isLeft(previewed)) {
      if (previewed.left._tag === "NotFound") {
        return missing(operator)
      }
      return yield* templatePage(operator, type, language, {
        ...refused(previewed.left, "Nothing to preview:"),
        form: sent(form)
      })
    }
    return yield* templatePage(operator, type, language, { preview: previewed.right, form: sent(form) })
  })
)

export const resetEmailTemplateRoute = templateAction((operator, type, language, form) =>
  Effect.gen(function*() {
    const reset = yield* Effect.either<EmailTemplateResource, ApiError, EmailTemplatesService>(
      form["confirm"] === "yes"
        ? Effect.flatMap(
          EmailTemplatesService,
          (templates) => templates.reset(operator.organization_id, type, language)
        )
        : Effect.fail(
          badRequestFor([{ path: "confirm", message: "must be ticked: the organisation's template is deleted" }])
        )
    )
    if (Either.isRight(reset)) return seeOther(`${inLanguage(emailTemplateUrl(type), language)}&done=reset`)
    if (reset.left._tag === "NotFound") return missing(operator)
    return yield* templatePage(operator, type, language, refused(reset.left, "Nothing was reset:"))
  })
)
