import {
  Language,
  type OrganizationId,
  OrganizationId as OrganizationIdSchema,
  RequestId,
  Timestamp
} from "@dsar/domain"
import { Effect, Schema } from "effect"
import { BadRequest, NotFound } from "../ApiErrors.js"
import { type EmailType, EmailTypes, isEmailType } from "../email/EmailTypes.js"
import { defaultTemplates, EmailTemplate, renderEmail, templateProblems, variablesOf } from "../email/Templates.js"
import type { OutboxMessage } from "../ports/Outbox.js"
import { EmailTemplatesStore, type StoredEmailTemplate } from "../ports/Stores.js"
import { currentDate } from "../Time.js"
import { OrganizationsService } from "./Organizations.js"

/** A type of email's template in one language, as the API shows it (`/dsar/emails`). */
export const EmailTemplateResource = Schema.Struct({
  type: Schema.String.annotations({ description: "The type of email, e.g. `approval`." }),
  language: Language,
  description: Schema.String.annotations({ description: "When this email is sent." }),
  variables: Schema.Array(Schema.String).annotations({
    description: "The variables its templates may use, beside `extra.KEY` for the request's `extra_message_variables`."
  }),
  subject: Schema.String,
  text: Schema.String,
  html: Schema.String.annotations({
    description: "The body of the HTML part; the layout (logo, request details, footer) frames it."
  }),
  custom: Schema.Boolean.annotations({
    description: "Whether the organisation replaced the built-in template (a reset brings that one back)."
  }),
  updated_at: Schema.NullOr(Timestamp)
}).annotations({ identifier: "EmailTemplateResource" })
export type EmailTemplateResource = typeof EmailTemplateResource.Type

/** A rendered email, as the preview shows it. */
export const EmailPreview = Schema.Struct({
  subject: Schema.String,
  text: Schema.String,
  html: Schema.String.annotations({ description: "The whole HTML part, layout included." })
}).annotations({ identifier: "EmailPreview" })

/** The body of `PUT /dsar/emails/{type}`: every part, each at most 100,000 characters. */
export const SaveEmailTemplate = Schema.Struct({
  subject: EmailTemplate.fields.subject.pipe(Schema.maxLength(1_000)),
  text: EmailTemplate.fields.text.pipe(Schema.maxLength(100_000)),
  html: EmailTemplate.fields.html.pipe(Schema.maxLength(100_000))
}).annotations({ identifier: "SaveEmailTemplate" })
export type SaveEmailTemplate = typeof SaveEmailTemplate.Type

const sampleTime = new Date("2026-03-02T10:00:00.000Z")

/** What a preview renders a type of email with: a made-up request and message, never a real one. */
const sampleMessage = (organization_id: OrganizationId, type: EmailType): OutboxMessage => {
  const definition: (typeof EmailTypes)[EmailType] = EmailTypes[type]
  return {
    id: "msg_preview",
    organization_id,
    request_id: RequestId.make("req_preview"),
    kind: definition.kind,
    to: "requester@example.org",
    created_at: sampleTime,
    variables: {
      ...(definition.kind === "status_notice"
        ? { status: "status" in definition ? definition.status : "work_in_progress" }
        : { url: "https://dsar.example.org/links/preview", expires_at: "2026-03-02T10:15:00.000Z" }),
      extra_message_variables: { download_link: "https://files.example.org/export.zip" }
    }
  }
}

const rightOf = (type: EmailType) => {
  const definition: (typeof EmailTypes)[EmailType] = EmailTypes[type]
  const kind = "right_kind" in definition ? definition.right_kind : "access"
  return kind === "delete" ? "cpra_delete_my_data" as const : kind === "opt_out" ?
    "cpra_opt_out" as const
    : "cpra_access_my_data" as const
}

export class EmailTemplatesService extends Effect.Service<EmailTemplatesService>()("@dsar/http/EmailTemplatesService", {
  effect: Effect.gen(function*() {
    const store = yield* EmailTemplatesStore
    const organizations = yield* OrganizationsService

    const typeOf = (type: string) =>
      isEmailType(type) ? Effect.succeed(type) : Effect.fail(
        new NotFound({
          message: `No type of email ${type}; the types are ${Object.keys(EmailTypes).join(", ")}`,
          errors: [{ path: "type", message: "unknown" }]
        })
      )

    const languageOf = (organization_id: OrganizationId, language: Language | undefined) =>
      language === undefined
        ? Effect.map(organizations.get(organization_id), (organization) => organization.settings.default_language)
        : Effect.succeed(language)

    const resource = (
      type: EmailType,
      language: Language,
      stored: ReadonlyArray<StoredEmailTemplate>
    ): EmailTemplateResource => {
      const own = stored.find((template) => template.type === type && template.language === language)
      const template = own ?? defaultTemplates[type][language]
      return {
        type,
        language,
        description: EmailTypes[type].description,
        variables: variablesOf(type),
        subject: template.subject,
        text: template.text,
        html: template.html,
        custom: own !== undefined,
        updated_at: own?.updated_at ?? null
      }
    }

    /** Every type of email in `language` (default: the organisation's), custom or built in. */
    const list = (organization_id: OrganizationId, language: Language | undefined) =>
      Effect.gen(function*() {
        const chosen = yield* languageOf(organization_id, language)
        const stored = yield* store.list(organization_id)
        return Object.keys(EmailTypes).map((type) => resource(type as EmailType, chosen, stored))
      })

    const get = (organization_id: OrganizationId, type: string, language: Language | undefined) =>
      Effect.gen(function*() {
        const known = yield* typeOf(type)
        const chosen = yield* languageOf(organization_id, language)
        return resource(known, chosen, yield* store.list(organization_id))
      })

    /** Every problem of a template's parts, each named by its part: what a 400 answers. */
    const check = (type: EmailType, template: SaveEmailTemplate) => {
      const errors = (["subject", "text", "html"] as const).flatMap((part) =>
        templateProblems(template[part], variablesOf(type)).map((message) => ({ path: part, message }))
      )
      return errors.length === 0 ? Effect.void : Effect.fail(
        new BadRequest({
          message: `The ${type} template cannot be used: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
          errors
        })
      )
    }

    /** Replaces the type's template in that language, once every part is valid; nothing is stored otherwise. */
    const save = (
      organization_id: OrganizationId,
      type: string,
      language: Language | undefined,
      template: SaveEmailTemplate
    ) =>
      Effect.gen(function*() {
        const known = yield* typeOf(type)
        const chosen = yield* languageOf(organization_id, language)
        yield* check(known, template)
        yield* store.put({
          organization_id,
          type: known,
          language: chosen,
          ...template,
          updated_at: yield* currentDate
        })
        return resource(known, chosen, yield* store.list(organization_id))
      })

    /** Back to the built-in template of the type in that language (resetting one never replaced changes nothing). */
    const reset = (organization_id: OrganizationId, type: string, language: Language | undefined) =>
      Effect.gen(function*() {
        const known = yield* typeOf(type)
        const chosen = yield* languageOf(organization_id, language)
        yield* store.remove(organization_id, known, chosen)
        return resource(known, chosen, yield* store.list(organization_id))
      })

    /**
     * The type's email rendered with sample data and the organisation's settings: with `template`
     * (checked as saving would check it) when given, else with the template in use.
     */
    const preview = (
      organization_id: OrganizationId,
      type: string,
      language: Language | undefined,
      template: SaveEmailTemplate | undefined
    ) =>
      Effect.gen(function*() {
        const known = yield* typeOf(type)
        const chosen = yield* languageOf(organization_id, language)
        const organization = yield* organizations.get(organization_id)
        if (template !== undefined) yield* check(known, template)
        const current = resource(known, chosen, yield* store.list(organization_id))
        const rendered = renderEmail(sampleMessage(organization_id, known), {
          organization,
          request: {
            user_right_id: rightOf(known),
            created_at: sampleTime,
            expires_at: new Date("2026-04-16T10:00:00.000Z"),
            status: "unverified",
            language: chosen
          },
          templates: [{ type: known, language: chosen, ...(template ?? current) }]
        })
        return { subject: rendered.subject, text: rendered.text, html: rendered.html }
      })

    return { list, get, save, reset, preview } as const
  })
}) {}

export const EmailTypePath = Schema.Struct({
  type: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(64))
})

export const EmailTemplateParams = Schema.Struct({
  organization_id: Schema.optionalWith(OrganizationIdSchema, { exact: true }).annotations({
    description: "The organisation; when given it must be the session's own."
  }),
  language: Schema.optionalWith(Language, { exact: true }).annotations({
    description: "The template's language (default: the organisation's `default_language`)."
  })
}).annotations({ parseOptions: { onExcessProperty: "error", errors: "all" } })
