import {
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
  WebhookEventTypes
} from "@dsar/domain"
import { html, type Raw } from "../Html.js"
import { formatInstant } from "../Time.js"
import { type Notice, noticeBlock, settingsNav, SettingsPaths } from "./SettingsPages.js"

// The webhooks settings pages' bodies: the organisation's endpoints, one's delivery log, and the
// form adding one (its secret shown once, on the page that answers it).

/** An endpoint's page (its delivery log), and where its removal posts. */
export const webhookUrl = (id: string, action?: "remove") =>
  `${SettingsPaths.webhooks}/${encodeURIComponent(id)}${action === undefined ? "" : `/${action}`}`

/** The form field of one event type's box: one field per type, since a repeated field keeps its last value. */
export const eventField = (type: string) => `event.${type}`

export interface WebhooksView {
  readonly endpoints: ReadonlyArray<WebhookEndpoint>
  readonly csrf: Raw
  readonly notice?: Notice
  readonly problems?: ReadonlyArray<string>
  /** The form as sent, when it was refused. */
  readonly form?: Readonly<Record<string, string>>
}

const endpointRow = (endpoint: WebhookEndpoint, csrf: Raw) =>
  html`<tr>
<th scope="row"><a href="${webhookUrl(endpoint.id)}"><code>${endpoint.url}</code></a>${
    endpoint.description === null ? html`` : html`<div class="muted">${endpoint.description}</div>`
  }</th>
<td>${endpoint.event_types.join(", ")}</td>
<td>${formatInstant(endpoint.created_at)}</td>
<td><form method="post" action="${
    webhookUrl(endpoint.id, "remove")
  }">${csrf}<button type="submit" class="danger">Remove</button></form></td>
</tr>`

const eventBoxes = (form: Readonly<Record<string, string>> | undefined) =>
  WebhookEventTypes.map((type) =>
    html`<label class="check"><input type="checkbox" name="${eventField(type)}" value="on"${
      form === undefined || form[eventField(type)] === "on" ? html` checked` : html``
    }> ${type}</label>`
  )

export const webhooksBody = (view: WebhooksView): Raw =>
  html`${settingsNav(SettingsPaths.webhooks)}
${noticeBlock(view.notice, view.problems)}
<p class="muted">Each event of the organisation's requests is signed (Standard Webhooks) and sent to the endpoints subscribed to it, retried until it is answered with a 2xx.</p>
${
    view.endpoints.length === 0
      ? html`<p class="muted">No endpoint yet.</p>`
      : html`<div class="table"><table aria-label="The organisation's webhook endpoints">
<thead><tr><th scope="col">Endpoint</th><th scope="col">Events</th><th scope="col">Added</th><th scope="col">Actions</th></tr></thead>
<tbody>${view.endpoints.map((endpoint) => endpointRow(endpoint, view.csrf))}</tbody>
</table></div>`
  }
<h2>Add an endpoint</h2>
<form class="card" method="post" action="${SettingsPaths.webhooks}">${view.csrf}
<label for="webhook-url">URL</label>
<input id="webhook-url" type="url" name="url" required value="${view.form?.["url"] ?? ""}">
<fieldset class="events"><legend>Events</legend>${eventBoxes(view.form)}</fieldset>
<label for="webhook-description">Description (optional)</label>
<input id="webhook-description" type="text" name="description" maxlength="500" value="${
    view.form?.["description"] ?? ""
  }">
<div class="actions"><button type="submit">Add the endpoint</button></div>
</form>`

/** After adding an endpoint: its signing secret, shown here only. */
export const webhookCreatedBody = (endpoint: WebhookEndpointWithSecret): Raw =>
  html`${settingsNav(SettingsPaths.webhooks)}
<div class="notice notice-done" role="status">The endpoint ${endpoint.url} was added.</div>
<p>Give its receiver this signing secret now: it is not shown again (rotate it through the API to get a new one).</p>
<code class="secret">${endpoint.secret}</code>
<p><a href="${SettingsPaths.webhooks}">Back to the webhooks</a></p>`

const deliveryRow = (delivery: WebhookDelivery) =>
  html`<tr><td><code>${delivery.id}</code></td><td>${delivery.event_type}</td><td>${delivery.state}</td><td>${
    formatInstant(delivery.created_at)
  }</td><td>${String(delivery.attempts)}</td><td>${
    delivery.last_status === null ? "–" : String(delivery.last_status)
  }</td><td>${delivery.last_error ?? ""}</td></tr>`

/** One endpoint's page: what it receives, and its latest deliveries. */
export const webhookBody = (endpoint: WebhookEndpoint, deliveries: ReadonlyArray<WebhookDelivery>): Raw =>
  html`${settingsNav(SettingsPaths.webhooks)}
<p><code>${endpoint.url}</code></p>
<p class="muted">Events: ${endpoint.event_types.join(", ")}</p>
<h2>Latest deliveries</h2>
${
    deliveries.length === 0
      ? html`<p class="muted">Nothing was sent to it yet.</p>`
      : html`<div class="table"><table aria-label="The endpoint's latest deliveries">
<thead><tr><th scope="col">webhook-id</th><th scope="col">Event</th><th scope="col">State</th><th scope="col">Queued</th><th scope="col">Attempts</th><th scope="col">Last status</th><th scope="col">Last error</th></tr></thead>
<tbody>${deliveries.map(deliveryRow)}</tbody>
</table></div>`
  }
<p><a href="${SettingsPaths.webhooks}">Back to the webhooks</a></p>`
