import { Limits, type Operator, OperatorRole } from "@dsar/domain"
import { html, Raw } from "../Html.js"
import type { KeySummary, OrganizationCredentials } from "../services/Organizations.js"
import { formatInstant } from "../Time.js"

// The settings pages' bodies, HTML only: the routes (SettingsRoutes.ts) read the services and
// choose the page; every form here carries the CSRF field it is given.

/** Where the settings pages live, and where their forms post. */
export const SettingsPaths = {
  overview: "/console/settings",
  operators: "/console/settings/operators",
  keys: "/console/settings/keys",
  redirectDomains: "/console/settings/redirect-domains",
  webhooks: "/console/settings/webhooks",
  emails: "/console/settings/emails"
} as const

/** Where a form acting on one operator posts (`role`, `remove`, `sessions`, `link`). */
export const operatorActionUrl = (id: string, action: "role" | "remove" | "sessions" | "link") =>
  `${SettingsPaths.operators}/${encodeURIComponent(id)}/${action}`

/** Where the form revoking a key posts. */
export const keyRevokeUrl = (key: string) => `${SettingsPaths.keys}/${encodeURIComponent(key)}/revoke`

/** An outcome shown atop a page: what was done, or a refusal's words. */
export interface Notice {
  readonly kind: "error" | "done"
  readonly text: string
}

export const noticeBlock = (notice: Notice | undefined, details: ReadonlyArray<string> = []) =>
  notice === undefined
    ? html``
    : html`<div class="notice notice-${notice.kind}" role="${
      notice.kind === "error" ? "alert" : "status"
    }">${notice.text}${
      details.length === 0 ? html`` : html`<ul>${details.map((detail) => html`<li>${detail}</li>`)}</ul>`
    }</div>`

const sections = [
  {
    href: SettingsPaths.operators,
    label: "Operators",
    text: "Who signs in to this console, and with which role: add, change, remove, sign out."
  },
  {
    href: SettingsPaths.keys,
    label: "API keys",
    text: "The keys your systems open API sessions with: create one, revoke one."
  },
  {
    href: SettingsPaths.redirectDomains,
    label: "Redirect domains",
    text: "Where requesters may be sent after confirming a link."
  },
  {
    href: SettingsPaths.webhooks,
    label: "Webhooks",
    text: "Where your systems receive the requests' events, signed: add, remove, see the deliveries."
  },
  {
    href: SettingsPaths.emails,
    label: "Email templates",
    text: "What the requesters receive, type by type and language: edit, preview, reset to the built-in wording."
  }
] as const

/** The links between the settings pages, the current one marked. */
export const settingsNav = (path: string) =>
  html`<nav aria-label="Settings"><ul class="subnav">${
    [{ href: SettingsPaths.overview, label: "Overview" }, ...sections].map((section) =>
      section.href === path
        ? html`<li><a href="${section.href}" aria-current="page">${section.label}</a></li>`
        : html`<li><a href="${section.href}">${section.label}</a></li>`
    )
  }</ul></nav>`

export const overviewBody = (): Raw =>
  html`${settingsNav(SettingsPaths.overview)}
<ul>${
    sections.map((section) =>
      html`<li><a href="${section.href}">${section.label}</a> <span class="muted">${section.text}</span></li>`
    )
  }</ul>`

const roleOptions = (selected: string) =>
  OperatorRole.literals.map((role) =>
    role === selected
      ? html`<option value="${role}" selected>${role}</option>`
      : html`<option value="${role}">${role}</option>`
  )

export interface OperatorsView {
  readonly operators: ReadonlyArray<Operator>
  readonly csrf: Raw
  readonly notice?: Notice
  /** What the add form was sent with, when it was refused: shown again to correct. */
  readonly form?: { readonly email: string; readonly role: string }
}

const operatorRow = (operator: Operator, csrf: Raw) =>
  html`<tr>
<th scope="row">${operator.email}</th>
<td>${operator.role}</td>
<td>${formatInstant(operator.created_at)}</td>
<td>
<form method="post" action="${operatorActionUrl(operator.id, "role")}">${csrf}
<select name="role" aria-label="Role of ${operator.email}">${roleOptions(operator.role)}</select>
<button type="submit" class="plain">Change role</button></form>
<form method="post" action="${
    operatorActionUrl(operator.id, "link")
  }">${csrf}<button type="submit" class="plain">New sign-in link</button></form>
<form method="post" action="${
    operatorActionUrl(operator.id, "sessions")
  }">${csrf}<button type="submit" class="plain">Sign out everywhere</button></form>
<form method="post" action="${
    operatorActionUrl(operator.id, "remove")
  }">${csrf}<button type="submit" class="danger">Remove</button></form>
</td>
</tr>`

export const operatorsBody = (view: OperatorsView): Raw =>
  html`${settingsNav(SettingsPaths.operators)}
${noticeBlock(view.notice)}
<div class="table"><table aria-label="The organisation's operators">
<thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Added</th><th scope="col">Actions</th></tr></thead>
<tbody>${view.operators.map((operator) => operatorRow(operator, view.csrf))}</tbody>
</table></div>
<h2>Add an operator</h2>
<form class="card" method="post" action="${SettingsPaths.operators}">${view.csrf}
<label for="operator-email">Email</label>
<input id="operator-email" type="email" name="email" required autocomplete="off" value="${view.form?.email ?? ""}">
<label for="operator-role">Role</label>
<select id="operator-role" name="role">${roleOptions(view.form?.role ?? "agent")}</select>
<p class="muted">admin: everything, settings included; agent: works on requests; viewer: reads.</p>
<div class="actions"><button type="submit">Add and get a sign-in link</button></div>
</form>`

/**
 * After adding an operator, or asking for a new link for one: the one-time sign-in URL, shown here
 * only (as `dsar operators add` prints it), under `done` (what was done).
 */
export const signInLinkBody = (
  done: string,
  signIn: { readonly url: string; readonly expires_at: Date }
): Raw =>
  html`${settingsNav(SettingsPaths.operators)}
<div class="notice notice-done" role="status">${done}</div>
<p>Send them this sign-in link. It works once, until ${formatInstant(signIn.expires_at)}, and is not shown again:</p>
<code class="secret">${signIn.url}</code>
<p><a href="${SettingsPaths.operators}">Back to the operators</a></p>`

export interface KeysView {
  readonly keys: ReadonlyArray<KeySummary>
  readonly csrf: Raw
  readonly notice?: Notice
  /** What is wrong with the sent form, each naming its field. */
  readonly problems?: ReadonlyArray<string>
  /** The label as sent, when the form is shown again. */
  readonly label?: string
}

const keyRow = (key: KeySummary, csrf: Raw) =>
  html`<tr>
<th scope="row"><code>${key.key}</code></th>
<td>${key.label ?? html`<span class="muted">none</span>`}</td>
<td>${formatInstant(key.created_at)}</td>
<td>${key.revoked_at === undefined ? "active" : `revoked ${formatInstant(key.revoked_at)}`}</td>
<td>${
    key.revoked_at === undefined
      ? html`<form method="post" action="${
        keyRevokeUrl(key.key)
      }">${csrf}<button type="submit" class="danger">Revoke</button></form>`
      : html``
  }</td>
</tr>`

export const keysBody = (view: KeysView): Raw =>
  html`${settingsNav(SettingsPaths.keys)}
${noticeBlock(view.notice, view.problems)}
<p class="muted">A key and its secret open API sessions (<code>POST /sessions</code>). Secrets are shown once, when the key is created, and never stored.</p>
<div class="table"><table aria-label="The organisation's API keys">
<thead><tr><th scope="col">Key</th><th scope="col">Label</th><th scope="col">Created</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead>
<tbody>${view.keys.map((key) => keyRow(key, view.csrf))}</tbody>
</table></div>
<h2>Create a key</h2>
<form class="card" method="post" action="${SettingsPaths.keys}">${view.csrf}
<label for="key-label">Label (optional)</label>
<input id="key-label" name="label" maxlength="${
    String(Limits.name)
  }" autocomplete="off" aria-describedby="key-label-help" value="${view.label ?? ""}"${new Raw(
    view.problems === undefined ? "" : ` aria-invalid="true"`
  )}>
<p id="key-label-help" class="muted">Where the key is used, such as "Zendesk integration", to tell it from the others when one is to be revoked.</p>
<div class="actions"><button type="submit">Create a key</button></div>
</form>`

/** After creating a key: its secret, shown here only. */
export const keyCreatedBody = (credentials: OrganizationCredentials, label: string | undefined): Raw =>
  html`${settingsNav(SettingsPaths.keys)}
<div class="notice notice-done" role="status">The key ${credentials.key}${
    label === undefined ? "" : ` (${label})`
  } was created.</div>
<p>Copy its secret now: it is not stored and is not shown again.</p>
<dl><dt>Key</dt><dd><code class="secret">${credentials.key}</code></dd>
<dt>Secret</dt><dd><code class="secret">${credentials.secret}</code></dd></dl>
<p><a href="${SettingsPaths.keys}">Back to the keys</a></p>`

export interface RedirectDomainsView {
  readonly default_redirect_url: string
  /** The domains as the form shows them: stored, or as sent when refused. */
  readonly domains: string
  readonly csrf: Raw
  readonly notice?: Notice
  /** What is wrong with the sent domains, each naming the one it is about. */
  readonly problems?: ReadonlyArray<string>
}

export const redirectDomainsBody = (view: RedirectDomainsView): Raw =>
  html`${settingsNav(SettingsPaths.redirectDomains)}
${noticeBlock(view.notice, view.problems)}
<form class="card" method="post" action="${SettingsPaths.redirectDomains}">${view.csrf}
<label for="redirect-domains">Redirect domains, one per line</label>
<textarea id="redirect-domains" name="domains" aria-describedby="redirect-domains-help">${view.domains}</textarea>
<p id="redirect-domains-help" class="muted">A link's redirect URL must be on one of these hosts or their subdomains (e.g. example.org); none allows any. The default redirect URL, ${view.default_redirect_url}, must stay on one of them.</p>
<div class="actions"><button type="submit">Save</button></div>
</form>`
