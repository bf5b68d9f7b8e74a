import {
  EmailField,
  type Language,
  type Organization,
  regulation,
  type RegulationId,
  translate,
  userRights
} from "@dsar/domain"
import type { HttpServerResponse } from "@effect/platform"
import { html, Raw } from "../Html.js"
import { cspOrigin, fill, type Frame, page, type PageOptions } from "../PageFrame.js"
import { wordings } from "../wording/index.js"

/** What the requester typed, given back as it was whenever the form is shown again. */
export interface FormValues {
  readonly right: string
  readonly email: string
  readonly country: string
}

export const emptyValues: FormValues = { right: "", email: "", country: "" }

/** The form's fields a refusal can point at; `other` is a problem of the request as a whole. */
export type FormField = keyof FormValues | "other"

/** The form as shown: why it is shown again (if it is), the fields in error, and its fresh token. */
export interface FormState {
  readonly status: 200 | 400 | 403 | 429
  readonly values: FormValues
  readonly errors: ReadonlySet<FormField>
  readonly token: string
  /** For a 429: how long until the requester may send again. */
  readonly retryAfterSeconds?: number
}

// The form's own rules: fields stacked, hints and errors beside their field, the honeypot off-screen
// (not `display:none`, which some bots detect). Focus rings are dark amber, 3:1 and more on white.
const formStyle = `
form{margin:1.5rem 0 0}
.field{margin:0 0 1.25rem}
label{display:block;font-weight:600;margin:0 0 .25rem}
.hint{margin:0 0 .35rem;color:#555;font-size:.9rem}
.error{margin:0 0 .35rem;color:#b00020;font-weight:600}
.alert{padding:.75rem 1rem;border-left:4px solid #b00020;background:#fdecee;color:#1b1b1b}
input,select{box-sizing:border-box;width:100%;font:inherit;padding:.5rem .6rem;border:1px solid #767676;border-radius:.3rem;background:#fff;color:#1b1b1b}
[aria-invalid="true"]{border:2px solid #b00020}
input:focus-visible,select:focus-visible,button:focus-visible{outline:3px solid #b45309;outline-offset:2px}
.trap{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
`

/**
 * Who may frame the form: its own origin and, for each of the organisation's redirect domains D,
 * `https://D` and `https://*.D`. No redirect domain ("any" for redirects) frames nothing else:
 * framing is opt-in by naming a domain.
 */
export const frameAncestors = (organization: Pick<Organization, "redirect_domains">): ReadonlyArray<string> =>
  organization.redirect_domains.flatMap((domain) => {
    const origin = cspOrigin(`https://${domain}`)
    return origin === undefined ? [] : [origin, origin.replace("https://", "https://*.")]
  })

const frameOf = (organization: Organization, language: Language): Frame => ({
  language,
  organization: organization.name,
  settings: organization.settings
})

// `same-origin`: the form's POST is checked by its `Origin`, which Chromium sends as `null` under
// `no-referrer`; no other site learns the form's address either way.
const optionsFor = (organization: Organization): PageOptions => ({
  frameAncestors: frameAncestors(organization),
  style: formStyle,
  referrerPolicy: "same-origin"
})

/** The catalogue's rights by regulation, in the catalogue's order, each labelled in `language`. */
const rightOptions = (language: Language, chosen: string): Raw => {
  const groups = new Map<RegulationId, Array<Raw>>()
  for (const right of userRights) {
    const options = groups.get(right.regulation_id) ?? []
    options.push(
      right.id === chosen
        ? html`<option value="${right.id}" selected>${translate(right.label, language)}</option>`
        : html`<option value="${right.id}">${translate(right.label, language)}</option>`
    )
    groups.set(right.regulation_id, options)
  }
  return new Raw(
    [...groups].map(([id, options]) => html`<optgroup label="${regulation(id).name}">${options}</optgroup>`.html)
      .join("\n")
  )
}

/**
 * A field's label, hint and error, and the control's `aria-describedby` and `aria-invalid`: the
 * error, when there is one, is read out with the field.
 */
const field = (
  name: keyof FormValues,
  label: Raw,
  hint: string,
  error: string | undefined,
  control: (described: Raw) => Raw
) => {
  const describedBy = error === undefined ? `${name}-hint` : `${name}-hint ${name}-error`
  const described = error === undefined
    ? html`aria-describedby="${describedBy}"`
    : html`aria-describedby="${describedBy}" aria-invalid="true"`
  return html`<div class="field">
<label for="${name}">${label}</label>
<p class="hint" id="${name}-hint">${hint}</p>
${error === undefined ? "" : html`<p class="error" id="${name}-error">${error}</p>`}
${control(described)}
</div>`
}

/** The form, first shown or shown again with the requester's values and what to correct. */
export const renderForm = (
  organization: Organization,
  language: Language,
  state: FormState
): HttpServerResponse.HttpServerResponse => {
  const t = wordings[language].form
  const { errors, values } = state
  const errorOf = (name: keyof FormValues) => (errors.has(name) ? t.errors[name] : undefined)
  const [title, alert] = state.status === 400
    ? [t.invalidTitle, html`${errors.has("other") ? `${t.invalid} ${t.errors.other}` : t.invalid}`]
    : state.status === 403
    ? [t.refusedTitle, html`${t.refused}`]
    : state.status === 429
    ? [t.tooManyTitle, fill(t.tooMany, { minutes: String(Math.ceil((state.retryAfterSeconds ?? 60) / 60)) })]
    : [t.title, undefined]
  const body = html`${alert === undefined ? "" : html`<p class="alert" role="alert">${alert}</p>`}
<p>${fill(t.intro, { organization: organization.name })}</p>
<form method="post">
<input type="hidden" name="token" value="${state.token}">
${
    field("right", html`${t.right}`, t.rightHint, errorOf("right"), (described) =>
      html`<select id="right" name="right" required ${described}>
<option value=""></option>
${rightOptions(language, values.right)}
</select>`)
  }
${
    field(
      "email",
      html`${translate(EmailField.label, language)}`,
      translate(EmailField.description, language),
      errorOf("email"),
      (described) =>
        html`<input type="email" id="email" name="email" autocomplete="email" required maxlength="254" value="${values.email}" ${described}>`
    )
  }
${
    field(
      "country",
      html`${t.country} <span class="hint">(${t.optional})</span>`,
      t.countryHint,
      errorOf("country"),
      (described) =>
        html`<input type="text" id="country" name="country" autocomplete="country" maxlength="64" value="${values.country}" ${described}>`
    )
  }
<div class="trap" aria-hidden="true">
<label for="website">${t.honeypot}</label>
<input type="text" id="website" name="website" tabindex="-1" autocomplete="off" value="">
</div>
<button type="submit">${t.submit}</button>
</form>`
  return page(state.status, title, frameOf(organization, language), body, optionsFor(organization))
}

/** The answer to a request made (or to a bot's, which must not tell): check your email. */
export const renderSent = (organization: Organization, language: Language): HttpServerResponse.HttpServerResponse => {
  const t = wordings[language].form
  return page(
    200,
    t.sentTitle,
    frameOf(organization, language),
    html`<p>${fill(t.sent, { organization: organization.name })}</p>`,
    optionsFor(organization)
  )
}

/** No organisation has this id or slug: a page of its own, framed by no one. */
export const renderFormNotFound = (language: Language): HttpServerResponse.HttpServerResponse => {
  const t = wordings[language].form
  return page(404, t.notFoundTitle, { language }, html`<p>${t.notFound}</p>`)
}
