import type { Status } from "@dsar/domain"
import { Schema } from "effect"
import Mustache from "mustache"
import { escapeHtml } from "../Html.js"
import type { EmailKind, OutboxMessage } from "../ports/Outbox.js"
import { formatInstant } from "../Time.js"

// The emails to requesters, as data: one template per message kind, each a subject, a plain-text
// body and an HTML body with `{{variable}}` placeholders. Rendering is a pure function of the
// outbox message and the templates, so an organisation can bring its own wording (see
// `TemplateOverrides`) and the worker renders at delivery time.
//
// Template syntax: Mustache (the `mustache` package), with every value escaped for its part:
//
// - `{{name}}`: the variable's value; an unknown or absent variable renders as nothing. In the
//   HTML part every value is HTML-escaped (`escapeHtml`: `& < > " '`), also inside attributes, so
//   `<a href="{{url}}">` is safe; in the subject, line breaks become spaces; the text part is
//   verbatim. The unescaped forms (`{{{name}}}`, `{{&name}}`) are refused: templates cannot inject
//   markup through a variable.
// - `{{#name}}...{{/name}}`: the enclosed part only when the variable is present and not empty;
//   `{{^name}}...{{/name}}`: only when it is absent or empty. A line holding only a section tag
//   leaves no empty line behind (Mustache's standalone tags).
//
// Variables (names are letters, digits, `_`, `.` and `-`):
//
// - `url`: the approval link (kinds `approval` and `renewal`);
// - `expires_at`: when that link expires, ISO-8601 in UTC; `expires_at_text`: the same instant
//   for people, e.g. `1 March 2024, 09:15 UTC`;
// - `status`: the new status (kind `status_notice`), e.g. `work_in_progress`; `status_label`: the
//   same for people, e.g. `in progress`;
// - `request_id`;
// - every entry of the request's `extra_message_variables` by its key, e.g. `download_link`. A
//   key named like one of the variables above does not replace it (the approval link cannot be
//   swapped for another URL through request data).

/** A template's text; its section tags must pair up. */
const TemplateText = Schema.String.pipe(
  Schema.filter((template) => {
    const problems = templateProblems(template)
    return problems.length === 0 || problems.join("; ")
  })
)

/** One email: subject, plain text and HTML, each a template. */
export const EmailTemplate = Schema.Struct({
  subject: TemplateText,
  text: TemplateText,
  html: TemplateText
}).annotations({ identifier: "EmailTemplate" })
export type EmailTemplate = typeof EmailTemplate.Type

/** A template for every kind of message. */
export const EmailTemplates = Schema.Struct({
  approval: EmailTemplate,
  renewal: EmailTemplate,
  status_notice: EmailTemplate
}).annotations({ identifier: "EmailTemplates" })
export type EmailTemplates = typeof EmailTemplates.Type

/**
 * What an organisation changes of the defaults: any kind, and within a kind any of subject, text
 * and html; the rest stays the default. A schema, so overrides can be read from a JSON file, e.g.
 * `{ "status_notice": { "subject": "Update on your request {{request_id}}" } }`.
 */
export const TemplateOverrides = Schema.Struct({
  approval: Schema.optionalWith(Schema.partialWith(EmailTemplate, { exact: true }), { exact: true }),
  renewal: Schema.optionalWith(Schema.partialWith(EmailTemplate, { exact: true }), { exact: true }),
  status_notice: Schema.optionalWith(Schema.partialWith(EmailTemplate, { exact: true }), { exact: true })
}).annotations({ identifier: "TemplateOverrides" })
export type TemplateOverrides = typeof TemplateOverrides.Type

const html = (...paragraphs: ReadonlyArray<string>) => paragraphs.join("\n") + "\n"

const approvalText = (intro: string) =>
  `Hello,

${intro}

{{url}}

The link works once and expires on {{expires_at_text}}. If you did not make this request, ignore this email: nothing happens until the link is opened and confirmed.
`

const approvalHtml = (intro: string) =>
  html(
    `<p>Hello,</p>`,
    `<p>${intro}</p>`,
    `<p><a href="{{url}}">Confirm my request</a></p>`,
    `<p>If the button does not work, copy this address into your browser:<br>{{url}}</p>`,
    `<p>The link works once and expires on {{expires_at_text}}. If you did not make this request, ignore this email: nothing happens until the link is opened and confirmed.</p>`
  )

const approvalIntro =
  "We received a privacy request for this email address. To confirm that it is yours, open this link:"
const renewalIntro =
  "The confirmation link you opened had expired, so here is a new one. To confirm your privacy request, open this link:"

/** The built-in wording, in English. */
export const defaultTemplates: EmailTemplates = {
  approval: {
    subject: "Confirm your privacy request",
    text: approvalText(approvalIntro),
    html: approvalHtml(approvalIntro)
  },
  renewal: {
    subject: "Your new link to confirm your privacy request",
    text: approvalText(renewalIntro),
    html: approvalHtml(renewalIntro)
  },
  status_notice: {
    subject: "Your privacy request is {{status_label}}",
    text: `Hello,

Your privacy request {{request_id}} is now {{status_label}}.

{{#download_link}}
You can download your data here: {{download_link}}

{{/download_link}}
Thank you.
`,
    html: html(
      `<p>Hello,</p>`,
      `<p>Your privacy request {{request_id}} is now {{status_label}}.</p>`,
      `{{#download_link}}<p>You can download your data here: <a href="{{download_link}}">{{download_link}}</a></p>{{/download_link}}`,
      `<p>Thank you.</p>`
    )
  }
}

/** The defaults with each set of overrides applied in turn, field by field (later ones win). */
export const resolveTemplates = (...overrides: ReadonlyArray<TemplateOverrides | undefined>): EmailTemplates =>
  overrides.reduce<EmailTemplates>(
    (templates, layer) => ({
      approval: { ...templates.approval, ...layer?.approval },
      renewal: { ...templates.renewal, ...layer?.renewal },
      status_notice: { ...templates.status_notice, ...layer?.status_notice }
    }),
    defaultTemplates
  )

/** How a status reads to the requester, in emails and on the link pages. */
export const statusLabels: { readonly [S in Status]: string } = {
  unverified: "awaiting your confirmation",
  verified: "confirmed",
  work_in_progress: "in progress",
  fulfilled: "fulfilled",
  refused: "refused",
  archived: "closed"
}

/** Every variable a message's templates can use (see the top of this file). */
export const messageVariables = (message: OutboxMessage): Readonly<Record<string, string>> => {
  const { url, expires_at, status, extra_message_variables } = message.variables
  const own: Record<string, string> = { request_id: message.request_id }
  if (url !== undefined) own.url = url
  if (expires_at !== undefined) {
    own.expires_at = expires_at
    own.expires_at_text = formatInstant(expires_at)
  }
  if (status !== undefined) {
    own.status = status
    own.status_label = statusLabels[status]
  }
  return { ...extra_message_variables, ...own }
}

const oneLine = (value: string): string => value.replace(/[\r\n]+/g, " ")

// Tags a template may not hold: an unescaped value (`{{{name}}}`, `{{&name}}`) would let request
// data inject markup into the HTML part, a partial (`{{>name}}`) names a template there is none
// of, and a change of delimiters (`{{=<% %>=}}`) makes a template unreadable to anyone who edits it.
const forbidden: Readonly<Record<string, (name: string) => string>> = {
  "&": (name) => `{{{${name}}}} writes its value unescaped; use {{${name}}}`,
  ">": (name) => `{{>${name}}} is a partial; templates have none`,
  "=": (tags) => `{{=${tags}=}} changes the delimiters; keep {{ }}`
}

/** A parsed tag or text: its type (`name`, `#`, `&`, ...), its name, and a section's tokens at index 4. */
interface Token extends ReadonlyArray<unknown> {
  readonly 0: string
  readonly 1: string
  readonly 4?: unknown
}

const childrenOf = (token: Token): ReadonlyArray<Token> =>
  token[0] === "#" || token[0] === "^" ? token[4] as ReadonlyArray<Token> : []

/** The template's tokens as Mustache parses them, or why it cannot be parsed. */
const parse = (template: string): { readonly tokens: ReadonlyArray<Token> } | { readonly problem: string } => {
  try {
    // A writer per call: Mustache's shared writer caches every template it ever parsed.
    return { tokens: new Mustache.Writer().parse(template) as ReadonlyArray<Token> }
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) }
  }
}

const forbiddenTags = (tokens: ReadonlyArray<Token>): ReadonlyArray<string> =>
  tokens.flatMap((token) => [
    ...(forbidden[token[0]] === undefined ? [] : [forbidden[token[0]](token[1])]),
    ...forbiddenTags(childrenOf(token))
  ])

/**
 * What is wrong with a template, if anything: a section never closed or closed out of order (as
 * Mustache reports it), or a tag templates may not hold (unescaped values, partials, delimiters).
 */
export const templateProblems = (template: string): ReadonlyArray<string> => {
  const parsed = parse(template)
  return "problem" in parsed ? [parsed.problem] : forbiddenTags(parsed.tokens)
}

/**
 * Renders one template with Mustache: `{{name}}` is the variable's value passed through `encode`,
 * a section renders when its variable is present and not empty. Only own variables are read (a
 * view without a prototype), so `{{constructor}}` renders as nothing. A template with problems
 * (see `templateProblems`) renders as it is written, unrendered, rather than failing a delivery;
 * the schemas keep such templates out of every store.
 */
export const renderTemplate = (
  template: string,
  variables: Readonly<Record<string, string>>,
  encode: (value: string) => string = (value) => value
): string => {
  if (templateProblems(template).length > 0) return template
  const view = Object.assign(Object.create(null) as Record<string, string>, variables)
  return new Mustache.Writer().render(template, view, undefined, { escape: (value) => encode(String(value)) })
}

/** An email as the templates make it. */
export interface RenderedEmail {
  readonly subject: string
  readonly text: string
  readonly html: string
}

/** Renders a queued message with the templates of its kind: the subject on one line, the HTML escaped. */
export const renderEmail = (message: OutboxMessage, templates: EmailTemplates = defaultTemplates): RenderedEmail => {
  const template: EmailTemplate = templates[message.kind satisfies EmailKind]
  const variables = messageVariables(message)
  return {
    subject: oneLine(renderTemplate(template.subject, variables, oneLine)).trim(),
    text: renderTemplate(template.text, variables),
    html: renderTemplate(template.html, variables, escapeHtml)
  }
}
