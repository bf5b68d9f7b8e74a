import type { Status } from "@dsar/domain"
import { Schema } from "effect"
import { escapeHtml } from "../Html.js"
import type { EmailKind, OutboxMessage } from "../ports/Outbox.js"
import { formatInstant } from "../Time.js"

// The emails to requesters, as data: one template per message kind, each a subject, a plain-text
// body and an HTML body with `{{variable}}` placeholders. Rendering is a pure function of the
// outbox message and the templates, so an organisation can bring its own wording (see
// `TemplateOverrides`) and the worker renders at delivery time.
//
// Template syntax (a small, logic-less subset of Mustache):
//
// - `{{name}}`: the variable's value; an unknown or absent variable renders as nothing. In the
//   HTML part every value is HTML-escaped (`& < > " '`), also inside attributes, so
//   `<a href="{{url}}">` is safe; in the subject, line breaks become spaces; the text part is
//   verbatim. There is no unescaped form: templates cannot inject markup through a variable.
// - `{{#name}}...{{/name}}`: the enclosed part only when the variable is present and not empty;
//   `{{^name}}...{{/name}}`: only when it is absent or empty. Sections of different names nest.
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

type Node =
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "variable"; readonly name: string }
  | {
    readonly type: "section"
    readonly inverted: boolean
    readonly name: string
    readonly children: ReadonlyArray<Node>
  }

const TAG = /\{\{\s*([#^/]?)\s*([\w.-]+)\s*\}\}/g

interface Parsed {
  readonly nodes: ReadonlyArray<Node>
  readonly problems: ReadonlyArray<string>
}

/**
 * Parses a template once, so values are never parsed again (a value holding `{{...}}` stays text).
 * Lenient: a closing tag that closes nothing stays text, as does the opening tag of a section
 * never closed (its content stays in place); each is reported in `problems`.
 */
const parse = (template: string): Parsed => {
  interface Frame {
    readonly name: string
    readonly inverted: boolean
    readonly open: string
    readonly children: Array<Node>
  }
  const root: Array<Node> = []
  const stack: Array<Frame> = []
  const problems: Array<string> = []
  const children = () => stack.at(-1)?.children ?? root
  let last = 0
  for (const match of template.matchAll(TAG)) {
    const [tag, sigil = "", name = ""] = match
    if (match.index > last) children().push({ type: "text", text: template.slice(last, match.index) })
    last = match.index + tag.length
    if (sigil === "") children().push({ type: "variable", name })
    else if (sigil === "#" || sigil === "^") stack.push({ name, inverted: sigil === "^", open: tag, children: [] })
    else if (stack.at(-1)?.name === name) {
      const frame = stack.pop()!
      children().push({ type: "section", inverted: frame.inverted, name, children: frame.children })
    } else {
      problems.push(`${tag} closes no open section`)
      children().push({ type: "text", text: tag })
    }
  }
  if (last < template.length) children().push({ type: "text", text: template.slice(last) })
  while (stack.length > 0) {
    const frame = stack.pop()!
    problems.push(`${frame.open} is never closed`)
    const into = children()
    into.push({ type: "text", text: frame.open })
    for (const child of frame.children) into.push(child)
  }
  return { nodes: root, problems }
}

/** What is wrong with a template's syntax, if anything (unclosed or stray section tags). */
export const templateProblems = (template: string): ReadonlyArray<string> => parse(template).problems

/**
 * Renders one template: sections by whether their variable is present and not empty, then each
 * placeholder's value passed through `encode`.
 */
export const renderTemplate = (
  template: string,
  variables: Readonly<Record<string, string>>,
  encode: (value: string) => string = (value) => value
): string => {
  const value = (name: string) => (Object.hasOwn(variables, name) ? variables[name]! : undefined)
  const render = (nodes: ReadonlyArray<Node>): string =>
    nodes
      .map((node) => {
        switch (node.type) {
          case "text":
            return node.text
          case "variable": {
            const found = value(node.name)
            return found === undefined ? "" : encode(found)
          }
          case "section": {
            const found = value(node.name)
            const present = found !== undefined && found !== ""
            return present !== node.inverted ? render(node.children) : ""
          }
        }
      })
      .join("")
  return render(parse(template).nodes)
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
