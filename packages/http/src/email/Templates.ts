import {
  type Language,
  Languages,
  type OrganizationSettings,
  refusalNotice,
  type Request,
  textColorOn,
  translate,
  userRight
} from "@dsar/domain"
import { Schema } from "effect"
import Mustache from "mustache"
import { escapeHtml, html, Raw } from "../Html.js"
import type { OutboxMessage } from "../ports/Outbox.js"
import { formatDay, formatInstant } from "../Time.js"
import { type Paragraph, wordings } from "../wording/index.js"
import { type EmailType, emailTypeOf, EmailTypes } from "./EmailTypes.js"

// The emails to requesters. Each type of email (`EmailTypes`) has, in each language, a template:
// a subject, a plain-text body and an HTML body, in Mustache (the `mustache` package). The
// built-in templates are made from the wording of each language (`wording/`), the text and HTML
// parts from the same sentences; an organisation can replace any of them (`EmailTemplatesStore`,
// through the API). Rendering is a pure function of the outbox message and what the worker reads
// at delivery time: the organisation (name, settings) and the request (right, dates, language).
//
// Every message is framed by a layout no template can drop: the organisation's logo (or its name)
// on top, the request's details (right, reference, date received and, while it is open, the
// deadline) and a footer saying why the requester receives it. The layout is a single column of
// at most 560 px that shrinks with the screen, in the organisation's colours.
//
// Template syntax:
//
// - `{{name}}`: the variable's value. In the HTML part every value is HTML-escaped (`escapeHtml`,
//   the one escaping of pages and emails), also inside attributes, so `<a href="{{url}}">` is
//   safe; in the subject, line breaks become spaces; the text part is verbatim. The unescaped
//   forms (`{{{name}}}`, `{{&name}}`), partials and changes of delimiters are refused.
// - `{{#name}}...{{/name}}`: the enclosed part only when the variable is present and not empty;
//   `{{^name}}...{{/name}}`: only when it is absent or empty. A line holding only a section tag
//   leaves no empty line behind (Mustache's standalone tags).
// - A variable must be one of `commonVariables`, one of its type's (`EmailTypes`), or `extra.KEY`
//   for the request's `extra_message_variables` (each also by its bare key, as before); saving a
//   template naming any other is refused.

/** The variables of every type of email. */
export const commonVariables = [
  "organization_name",
  "request_id",
  "right",
  "right_kind",
  "language",
  "status",
  "status_label",
  "received_text",
  "deadline",
  "deadline_text",
  "reply_to",
  "primary_color",
  "button_text_color"
] as const

/** Every variable a template of `type` may use, beside `extra.KEY`. */
export const variablesOf = (type: EmailType): ReadonlyArray<string> => [
  ...commonVariables,
  ...EmailTypes[type].variables
]

/** One email: subject, plain text and HTML, each a template. */
export const EmailTemplate = Schema.Struct({
  subject: Schema.String,
  text: Schema.String,
  html: Schema.String
}).annotations({ identifier: "EmailTemplate" })
export type EmailTemplate = typeof EmailTemplate.Type

export const defaultPrimaryColor = "#1d4ed8"
export const defaultBackgroundColor = "#f5f5f2"

const P = "margin:0 0 16px"

const textParagraph = (paragraph: Paragraph): string =>
  typeof paragraph === "string"
    ? `${paragraph}\n\n`
    : "when" in paragraph
    ? `{{#${paragraph.when}}}\n${paragraph.text}\n\n{{/${paragraph.when}}}\n`
    : `{{^${paragraph.unless}}}\n${paragraph.text}\n\n{{/${paragraph.unless}}}\n`

const htmlParagraph = (paragraph: Paragraph): string =>
  typeof paragraph === "string"
    ? `<p style="${P}">${paragraph}</p>\n`
    : "when" in paragraph
    ? `{{#${paragraph.when}}}<p style="${P}">${paragraph.text}</p>{{/${paragraph.when}}}\n`
    : `{{^${paragraph.unless}}}<p style="${P}">${paragraph.text}</p>{{/${paragraph.unless}}}\n`

const section = (when: string | undefined, text: string) =>
  when === undefined ? text : `{{#${when}}}\n${text}{{/${when}}}\n`

/** The built-in template of a type in a language, made from its wording. */
export const defaultTemplate = (type: EmailType, language: Language): EmailTemplate => {
  const wording = wordings[language].email
  const message = wording.types[type]
  const button = message.button
  const textButton = button === undefined ? "" : section(button.when, `${button.label}:\n{{${button.url}}}\n\n`)
  const htmlButton = button === undefined ? "" : section(
    button.when,
    `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:24px 0"><tr><td style="border-radius:6px;background:{{primary_color}}">`
      + `<a href="{{${button.url}}}" style="display:inline-block;padding:12px 24px;border-radius:6px;font-weight:600;text-decoration:none;color:{{button_text_color}};background:{{primary_color}}">${button.label}</a>`
      + `</td></tr></table>\n`
      + `<p style="${P};font-size:14px;color:#555555">${wording.buttonFallback}<br>`
      + `<a href="{{${button.url}}}" style="color:#1b1b1b;word-break:break-all">{{${button.url}}}</a></p>\n`
  )
  return {
    subject: message.subject,
    text: [
      `${wording.hello}\n\n`,
      ...message.intro.map(textParagraph),
      textButton,
      ...message.outro.map(textParagraph)
    ].join(""),
    html: [
      `<p style="${P}">${wording.hello}</p>\n`,
      ...message.intro.map(htmlParagraph),
      htmlButton,
      ...message.outro.map(htmlParagraph)
    ].join("")
  }
}

/** Every built-in template, by type then language. */
export const defaultTemplates: { readonly [T in EmailType]: { readonly [L in Language]: EmailTemplate } } = Object
  .fromEntries(
    Object.keys(EmailTypes).map((type) => [
      type,
      Object.fromEntries(Languages.map((language) => [language, defaultTemplate(type as EmailType, language)]))
    ])
  ) as never

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

type Parsed = { readonly tokens: ReadonlyArray<Token> } | { readonly problem: string }

const parseAnew = (template: string): Parsed => {
  try {
    // A writer per call: Mustache's shared writer caches every template it ever parsed, without bound.
    return { tokens: new Mustache.Writer().parse(template) as ReadonlyArray<Token> }
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) }
  }
}

// Parsing is most of rendering (Mustache scans a template character by character), and every email
// renders several templates, mostly the same built-in ones: the parses of the templates used last
// are kept, up to a bound on their text (a parse holds about as much again), since the
// organisations' own templates can change without end and an HTML one may be long.
const CHARACTERS_KEPT = 2_000_000
const parses = new Map<string, Parsed>()
let charactersKept = 0

/** The template's tokens as Mustache parses them, or why it cannot be parsed. */
const parse = (template: string): Parsed => {
  const kept = parses.get(template)
  if (kept !== undefined) {
    // A Map iterates in insertion order: moving the template to the end leaves the least recently used first.
    parses.delete(template)
    parses.set(template, kept)
    return kept
  }
  const parsed = parseAnew(template)
  parses.set(template, parsed)
  charactersKept += template.length
  for (const [oldest] of parses) {
    if (charactersKept <= CHARACTERS_KEPT || oldest === template) break
    parses.delete(oldest)
    charactersKept -= oldest.length
  }
  return parsed
}

const VALUE_TAGS = new Set(["name", "#", "^", "&"])

const tagProblems = (tokens: ReadonlyArray<Token>, known: ReadonlySet<string> | undefined): ReadonlyArray<string> =>
  tokens.flatMap((token) => {
    const [type, name] = token
    const unknown = known !== undefined && VALUE_TAGS.has(type) && !known.has(name) && !/^extra\.[^.]+$/.test(name)
    return [
      ...(forbidden[type] === undefined ? [] : [forbidden[type](name)]),
      ...(unknown ? [`{{${name}}} is not a variable of this email`] : []),
      ...tagProblems(childrenOf(token), known)
    ]
  })

const problemsOf = (parsed: Parsed, known: ReadonlySet<string> | undefined): ReadonlyArray<string> =>
  "problem" in parsed ? [parsed.problem] : [...new Set(tagProblems(parsed.tokens, known))]

/**
 * What is wrong with a template, if anything: a section never closed or closed out of order (as
 * Mustache reports it), a tag templates may not hold (unescaped values, partials, delimiters),
 * and, given the variables it may use, every other variable it names.
 */
export const templateProblems = (template: string, variables?: ReadonlyArray<string>): ReadonlyArray<string> =>
  problemsOf(parse(template), variables === undefined ? undefined : new Set(variables))

/** What a template's values are: strings, and the request's extra variables under `extra`. */
export type TemplateView = Readonly<Record<string, string | Readonly<Record<string, string>>>>

const withoutPrototype = <A>(record: Readonly<Record<string, A>>): Record<string, A> =>
  Object.assign(Object.create(null) as Record<string, A>, record)

/**
 * Renders one template with Mustache: `{{name}}` is the variable's value passed through `encode`,
 * a section renders when its variable is present and not empty. Only own variables are read (a
 * view without a prototype), so `{{constructor}}` renders as nothing. A template with problems
 * (see `templateProblems`) renders as it is written, unrendered, rather than failing a delivery;
 * the API keeps such templates out of every store.
 */
export const renderTemplate = (
  template: string,
  variables: TemplateView,
  encode: (value: string) => string = (value) => value
): string => {
  const parsed = parse(template)
  if ("problem" in parsed || problemsOf(parsed, undefined).length > 0) return template
  const view = withoutPrototype(
    Object.fromEntries(
      Object.entries(variables).map((
        [key, value]
      ) => [key, typeof value === "string" ? value : withoutPrototype(value)])
    )
  )
  return new Mustache.Writer().renderTokens(
    parsed.tokens as unknown as Array<Array<string>>,
    new Mustache.Context(view),
    undefined,
    template,
    { escape: (value) => encode(String(value)) }
  )
}

/** What rendering a message reads beside it, at delivery time. */
export interface EmailContext {
  readonly organization: { readonly name: string; readonly settings: OrganizationSettings }
  /** The request, when it is still there. */
  readonly request?: Pick<Request, "user_right_id" | "created_at" | "expires_at" | "status" | "language">
  /** The organisation's own templates, in place of the built-in ones of their type and language. */
  readonly templates?: ReadonlyArray<
    {
      readonly type: string
      readonly language: Language
    } & EmailTemplate
  >
}

const OPEN = new Set(["unverified", "verified", "work_in_progress"])

/** The type and language a message is rendered in. */
export const messageType = (message: OutboxMessage, context: EmailContext): EmailType =>
  emailTypeOf(
    message.kind,
    message.variables.status,
    context.request === undefined ? undefined : userRight(context.request.user_right_id).kind
  )

const languageOf = (context: EmailContext): Language =>
  context.request?.language ?? context.organization.settings.default_language

/** Every variable a message's templates can use (see the top of this file). */
export const messageVariables = (message: OutboxMessage, context: EmailContext): TemplateView => {
  const language = languageOf(context)
  const wording = wordings[language]
  const { settings } = context.organization
  const { expires_at, extra_message_variables = {}, url } = message.variables
  const status = message.variables.status ?? context.request?.status
  const primary = settings.primary_color ?? defaultPrimaryColor
  const own: Record<string, string> = {
    organization_name: context.organization.name,
    request_id: message.request_id,
    language,
    primary_color: primary,
    button_text_color: textColorOn(primary)
  }
  if (settings.reply_to !== null) own.reply_to = settings.reply_to
  if (url !== undefined) own.url = url
  if (expires_at !== undefined) {
    own.expires_at = expires_at
    own.expires_at_text = formatInstant(expires_at, language)
  }
  if (message.variables.closes_at !== undefined) {
    own.closes_at = message.variables.closes_at
    own.closes_at_text = formatDay(message.variables.closes_at, language)
  }
  if (status !== undefined) {
    own.status = status
    own.status_label = wording.statuses[status]
  }
  const request = context.request
  if (request !== undefined) {
    const right = userRight(request.user_right_id)
    own.right = translate(right.label, language)
    own.right_kind = right.kind
    own.received_text = formatDay(request.created_at, language)
    // The deadline matters while the request is open; once answered, it is history.
    if (status === undefined || OPEN.has(status)) {
      own.deadline = request.expires_at.toISOString()
      own.deadline_text = formatDay(request.expires_at, language)
    }
  }
  // An extension notice announces the deadline it set, whatever the request holds by delivery.
  if (message.variables.deadline !== undefined) {
    own.deadline = message.variables.deadline
    own.deadline_text = formatDay(new Date(message.variables.deadline), language)
  }
  if (message.variables.reason !== undefined) own.reason = message.variables.reason
  const { refusal, regulation_id } = message.variables
  if (refusal !== undefined) {
    own.refusal_reason = refusal.reason
    own.refusal_reason_text = wording.email.refusalReasons[refusal.reason]
    if (refusal.details !== undefined) own.refusal_details = refusal.details
    // The regulation's remedies in the email's language, from the regulations catalogue.
    const remedies = regulation_id === undefined ? [] : refusalNotice(regulation_id, language).statements
    if (remedies.length > 0) own.remedies = remedies.join(" ")
  }
  // A key named like one of the variables above does not replace it (the approval link cannot be
  // swapped for another URL through request data).
  return { ...extra_message_variables, ...own, extra: extra_message_variables }
}

/** An email as the templates and the layout make it, with who it is from. */
export interface RenderedEmail {
  readonly subject: string
  readonly text: string
  readonly html: string
  /** The name it is sent under: the organisation's sender name, else its name. */
  readonly fromName: string
  readonly replyTo?: string
}

/** The template a message is rendered with: the organisation's own of its type and language, else the built-in one. */
export const templateFor = (type: EmailType, language: Language, context: EmailContext): EmailTemplate =>
  context.templates?.find((template) => template.type === type && template.language === language)
    ?? defaultTemplates[type][language]

const detailsOf = (variables: TemplateView, language: Language) => {
  const labels = wordings[language].email.details
  const value = (name: string) => (typeof variables[name] === "string" ? variables[name] : undefined)
  return [
    [labels.request, value("right")],
    [labels.reference, value("request_id")],
    [labels.received, value("received_text")],
    [labels.deadline, value("deadline_text")]
  ].filter((row): row is [string, string] => row[1] !== undefined)
}

const FONT = `font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif`

/** The HTML frame every email's body is set in (see the top of this file). */
const htmlLayout = (input: {
  readonly language: Language
  readonly subject: string
  readonly body: string
  readonly organization: EmailContext["organization"]
  readonly details: ReadonlyArray<readonly [string, string]>
  readonly footer: ReadonlyArray<string>
  readonly primary: string
}) => {
  const { settings } = input.organization
  const background = settings.background_color ?? defaultBackgroundColor
  const header = settings.logo_url === null
    ? html`<div style="font-size:20px;font-weight:700;color:#1b1b1b">${input.organization.name}</div>`
    : html`<img src="${settings.logo_url}" alt="${input.organization.name}" height="48" style="display:block;height:48px;width:auto;max-width:100%;border:0">`
  const rows = input.details.map(([label, value]) =>
    html`<tr><td style="padding:4px 12px 4px 0;color:#555555;vertical-align:top;white-space:nowrap">${label}</td><td style="padding:4px 0;color:#1b1b1b;word-break:break-word">${value}</td></tr>`
  )
  return html`<!doctype html>
<html lang="${input.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${input.subject}</title>
</head>
<body style="margin:0;padding:0;background:${background}">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:${background}">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;border-top:4px solid ${input.primary};${FONT}">
<tr><td style="padding:24px 24px 8px">${header}</td></tr>
<tr><td style="padding:8px 24px 8px;font-size:16px;line-height:1.5;color:#1b1b1b;overflow-wrap:anywhere;word-break:break-word">
${new Raw(input.body)}</td></tr>
<tr><td style="padding:0 24px 16px"><table role="presentation" cellpadding="0" cellspacing="0" style="font-size:14px;line-height:1.4;border-top:1px solid #e5e5e5;padding-top:12px;width:100%">${rows}</table></td></tr>
<tr><td style="padding:16px 24px 24px;font-size:13px;line-height:1.5;color:#555555;background:#fafafa;border-radius:0 0 8px 8px">${
    input.footer.map((line) => html`<p style="margin:0 0 4px">${line}</p>`)
  }</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`.html
}

/**
 * Renders a queued message: the template of its type in the request's language (the
 * organisation's own, else the built-in one), the subject on one line, the HTML escaped, both
 * parts set in the layout.
 */
export const renderEmail = (message: OutboxMessage, context: EmailContext): RenderedEmail => {
  const language = languageOf(context)
  const template = templateFor(messageType(message, context), language, context)
  const variables = messageVariables(message, context)
  const wording = wordings[language].email
  const details = detailsOf(variables, language)
  const footer = [
    renderTemplate(wording.footer, variables),
    ...(typeof variables.reply_to === "string" ? [renderTemplate(wording.replyTo, variables)] : [])
  ]
  const subject = oneLine(renderTemplate(template.subject, variables, oneLine)).trim()
  const text = [
    renderTemplate(template.text, variables).trimEnd(),
    details.map(([label, value]) => `${label}: ${value}`).join("\n"),
    `-- \n${footer.join("\n")}`
  ].join("\n\n") + "\n"
  const settings = context.organization.settings
  return {
    subject,
    text,
    html: htmlLayout({
      language,
      subject,
      body: renderTemplate(template.html, variables, escapeHtml),
      organization: context.organization,
      details,
      footer,
      primary: typeof variables.primary_color === "string" ? variables.primary_color : defaultPrimaryColor
    }),
    fromName: settings.sender_name ?? context.organization.name,
    ...(settings.reply_to === null ? {} : { replyTo: settings.reply_to })
  }
}
