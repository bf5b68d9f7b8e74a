import type { Language } from "@dsar/domain"
import { html, type Raw } from "../Html.js"
import type { EmailPreview, EmailTemplateResource, SaveEmailTemplate } from "../services/EmailTemplates.js"
import { formatInstant } from "../Time.js"
import { type Notice, noticeBlock, settingsNav, SettingsPaths } from "./SettingsPages.js"

// The email templates settings pages' bodies: every type of email in one language, and one type's
// template to edit, preview and reset. The preview's HTML part is shown in a sandboxed frame (no
// scripts, an opaque origin): what a template writes cannot reach the console's page.

/** A type of email's page (`?language=`), and where its forms post. */
export const emailTemplateUrl = (type: string, action?: "preview" | "reset") =>
  `${SettingsPaths.emails}/${encodeURIComponent(type)}${action === undefined ? "" : `/${action}`}`

/** A page of the templates in `language`: the overview, or one type's. */
export const inLanguage = (path: string, language: Language) => `${path}?language=${language}`

const languageNames = new Intl.DisplayNames(["en"], { type: "language" })

/** A language as the console (in English) names it: "French (fr)". */
export const languageName = (language: Language) => `${languageNames.of(language) ?? language} (${language})`

/** The parts of a template as the form names them, for the refusals' words. */
export const PartLabels: Readonly<Record<string, string>> = {
  subject: "Subject",
  text: "Text",
  html: "HTML",
  confirm: "The confirmation"
}

const origin = (template: EmailTemplateResource) =>
  template.custom
    ? `the organisation's own${template.updated_at === null ? "" : `, saved ${formatInstant(template.updated_at)}`}`
    : "built in"

export interface EmailTemplatesView {
  readonly templates: ReadonlyArray<EmailTemplateResource>
  readonly language: Language
  /** Every language, the organisation's default first. */
  readonly languages: ReadonlyArray<Language>
}

/** A type's description as the API writes it (Markdown), its `names` as code. */
const described = (description: string) =>
  description.split("`").map((piece, i) => (i % 2 === 1 ? html`<code>${piece}</code>` : html`${piece}`))

const templateRow = (template: EmailTemplateResource) =>
  html`<tr>
<th scope="row"><a href="${inLanguage(emailTemplateUrl(template.type), template.language)}">${template.type}</a>
<div class="muted">${described(template.description)}</div></th>
<td>${template.custom ? html`<strong>custom</strong>` : html`built in`}${
    template.custom && template.updated_at !== null
      ? html`<div class="muted">saved ${formatInstant(template.updated_at)}</div>`
      : html``
  }</td>
</tr>`

export const emailTemplatesBody = (view: EmailTemplatesView): Raw =>
  html`${settingsNav(SettingsPaths.emails)}
<p class="muted">What the requesters receive, type by type: the built-in wording, or the organisation's own. Every email is set in the same frame (logo, the request's details, footer).</p>
<form class="choose" method="get" action="${SettingsPaths.emails}">
<label for="email-language">Language</label>
<select id="email-language" name="language">${
    view.languages.map((language, i) =>
      html`<option value="${language}"${language === view.language ? html` selected` : html``}>${
        languageName(language)
      }${i === 0 ? ", default" : ""}</option>`
    )
  }</select>
<button type="submit" class="plain">Show</button>
</form>
<div class="table"><table aria-label="The organisation's email templates in ${languageName(view.language)}">
<thead><tr><th scope="col">Email, and when it is sent</th><th scope="col">Template</th></tr></thead>
<tbody>${view.templates.map(templateRow)}</tbody>
</table></div>`

export interface EmailTemplateView {
  /** The template in use (whether custom, its variables), whatever the form shows. */
  readonly template: EmailTemplateResource
  /** What the textareas hold: the template in use, or the parts as sent. */
  readonly form: SaveEmailTemplate
  readonly csrf: Raw
  readonly notice?: Notice
  readonly problems?: ReadonlyArray<string>
  readonly preview?: typeof EmailPreview.Type
}

const previewBlock = (preview: typeof EmailPreview.Type) =>
  html`<section class="card" aria-labelledby="preview-title">
<h2 id="preview-title">Preview</h2>
<p class="muted">The template as typed, with a sample request: nothing was saved or sent.</p>
<h3>Subject</h3>
<p class="email-subject">${preview.subject}</p>
<h3>Text part</h3>
<pre class="email-text">${preview.text}</pre>
<h3>HTML part</h3>
<iframe class="email-html" sandbox srcdoc="${preview.html}" title="The HTML part of the preview"></iframe>
</section>`

// A newline right after `<textarea>` is dropped by the HTML parser: one is written so a template
// starting with a line break keeps it.
const partField = (part: keyof SaveEmailTemplate, value: string, rows: number) =>
  html`<label for="email-${part}">${PartLabels[part] ?? part}</label>
<textarea id="email-${part}" class="code" name="${part}" rows="${String(rows)}" spellcheck="false">
${value}</textarea>`

const resetForm = (view: EmailTemplateView) =>
  html`<form class="action" method="post" action="${emailTemplateUrl(view.template.type, "reset")}">${view.csrf}
<input type="hidden" name="language" value="${view.template.language}">
<fieldset><legend>Reset to the built-in template</legend>
<p class="muted">The organisation's own template of this email in ${
    languageName(view.template.language)
  } is deleted; the emails are written with the built-in one again.</p>
<p><label class="check wraps"><input name="confirm" type="checkbox" value="yes" required> I understand that the organisation's template is deleted</label></p>
<button type="submit" class="danger">Reset to the built-in template</button>
</fieldset>
</form>`

/** One type's page: its template in one language to edit, with what it may use, its preview and its reset. */
export const emailTemplateBody = (view: EmailTemplateView): Raw => {
  const { template } = view
  return html`${settingsNav(SettingsPaths.emails)}
${noticeBlock(view.notice, view.problems)}
<p>${described(template.description)}</p>
<p class="muted">In ${languageName(template.language)}; the template in use is ${origin(template)}.</p>
${view.preview === undefined ? html`` : previewBlock(view.preview)}
<form class="card" method="post" action="${emailTemplateUrl(template.type)}">${view.csrf}
<input type="hidden" name="language" value="${template.language}">
${partField("subject", view.form.subject, 2)}
${partField("text", view.form.text, 12)}
${partField("html", view.form.html, 12)}
<p class="muted">The HTML is the body only: the frame (logo, the request's details, footer) is added around it.</p>
<div class="actions"><button type="submit">Save</button><button type="submit" class="plain" formaction="${
    emailTemplateUrl(template.type, "preview")
  }">Preview</button></div>
</form>
<section aria-labelledby="variables-title">
<h2 id="variables-title">Variables</h2>
<p class="muted">Write <code>{{name}}</code> for a value (escaped in the HTML), <code>{{#name}}…{{/name}}</code> for a part shown only when it has one, <code>{{^name}}…{{/name}}</code> for one shown when it has none, and <code>{{extra.KEY}}</code> for the request's <code>extra_message_variables</code>. This email offers:</p>
<ul class="variables">${template.variables.map((name) => html`<li><code>{{${name}}}</code></li>`)}</ul>
</section>
${
    template.custom
      ? resetForm(view)
      : html`<p class="muted">This is the built-in template: saving makes it the organisation's own, which can be reset to it.</p>`
  }
<p><a href="${inLanguage(SettingsPaths.emails, template.language)}">Back to the email templates</a></p>`
}
