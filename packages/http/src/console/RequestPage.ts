import {
  countdown,
  countdownText,
  type HistoryRecord,
  type Note,
  recipientOf,
  refusalReasons,
  refusalReasonText,
  type Request,
  type Status,
  userRight
} from "@dsar/domain"
import { html, type Raw } from "../Html.js"
import { formatInstant } from "../Time.js"
import { ConsoleRequestsPaths, requestUrl } from "./ConsoleRequestsPaths.js"
import { statusLabel } from "./DashboardPage.js"
import { offeredStatuses, takesDownloadLink } from "./RequestActions.js"
import { deadlineBadge, statusBadge } from "./RequestsListPage.js"

/** What the request page shows beside the request. */
export interface RequestPageView {
  readonly request: Request
  readonly history: ReadonlyArray<HistoryRecord>
  readonly notes: ReadonlyArray<Note>
  readonly now: Date
  /** The CSRF field every form carries (A's `csrfField`). */
  readonly csrf: Raw
  /** Whether the operator's role may change requests: a viewer sees no form. */
  readonly mayChange: boolean
  /** Whether the operator's role may erase the request's personal data (an admin's). */
  readonly mayErase: boolean
  /** The outcome of the action just posted: a refusal's message, or what was done. */
  readonly notice?: { readonly kind: "error" | "done"; readonly text: string }
}

const ButtonText: { readonly [S in Status]: string } = {
  unverified: "Mark unverified",
  verified: "Mark verified",
  work_in_progress: "Start work (work in progress)",
  fulfilled: "Mark fulfilled",
  refused: "Refuse",
  archived: "Archive"
}

const actorText = (actor: HistoryRecord["actor"]) =>
  actor.type === "link" ? "the requester (link)" : `${actor.type.replace(/_/g, " ")} ${actor.id}`

const historyText = (entry: HistoryRecord) => {
  switch (entry.action) {
    case "request.create":
      return `Received as ${statusLabel(entry.to_status)}`
    case "request.update":
      return entry.from_status !== entry.to_status && entry.from_status !== null
        ? `${statusLabel(entry.from_status)} → ${statusLabel(entry.to_status)}`
        : `Changed ${entry.changes.map((change) => change.field).join(", ")}`
    case "link.confirm":
      return `Confirmed by the requester: ${statusLabel(entry.to_status)}`
    case "request.extend":
      return `Deadline extended${entry.reason === undefined ? "" : `: ${entry.reason}`}`
    case "request.erase":
      return "Personal data erased"
    case "email.failed":
      return "An email to the requester failed"
    case "email.retry":
      return "An email was queued again"
  }
}

const field = (label: string, value: string | Raw) => html`<dt>${label}</dt><dd>${value}</dd>`

const statusForm = (view: RequestPageView, to: Status) => {
  const { request, csrf } = view
  const action = requestUrl(request.id, "status")
  const hidden = html`${csrf}<input type="hidden" name="status" value="${to}">`
  if (to === "refused") {
    return html`<form method="post" action="${action}" class="action action-refuse">
${hidden}
<fieldset><legend>Refuse the request</legend>
<div class="field"><label for="reason">Reason</label><select id="reason" name="reason" required>${
      refusalReasons.map((reason) => html`<option value="${reason}">${refusalReasonText(reason)}</option>`)
    }</select></div>
<div class="field"><label for="details">Details for the requester (required with “for the reason explained below”)</label><textarea id="details" name="details" rows="3"></textarea></div>
<button type="submit" class="danger">${ButtonText.refused}</button>
</fieldset>
</form>`
  }
  if (to === "fulfilled" && takesDownloadLink(request)) {
    return html`<form method="post" action="${action}" class="action">
${hidden}
<fieldset><legend>Fulfil the request</legend>
<div class="field"><label for="download_link">Download link for the requester (https)</label><input id="download_link" name="download_link" type="url" inputmode="url" placeholder="https://" value="${
      request.extra_message_variables.download_link ?? ""
    }"></div>
<button type="submit">${ButtonText.fulfilled}</button>
</fieldset>
</form>`
  }
  return html`<form method="post" action="${action}" class="action action-inline">${hidden}<button type="submit">${
    ButtonText[to]
  }</button></form>`
}

const actions = (view: RequestPageView) => {
  const { request, csrf } = view
  if (!view.mayChange) return html`<p class="muted">Your role may read this request but not change it.</p>`
  const offered = offeredStatuses(request)
  const simple = offered.filter((to) => to !== "refused" && !(to === "fulfilled" && takesDownloadLink(request)))
  const detailed = offered.filter((to) => !simple.includes(to))
  const extension = userRight(request.user_right_id).extension !== undefined &&
    countdown(request, view.now).kind === "due"
  return html`<section aria-labelledby="actions-title">
<h2 id="actions-title">Actions</h2>
${
    offered.length === 0
      ? html`<p class="muted">${statusLabel(request.status)} is final: no status change is possible.</p>`
      : html`<div class="buttons">${simple.map((to) => statusForm(view, to))}</div>${
        detailed.map((to) => statusForm(view, to))
      }`
  }
${
    extension
      ? html`<form method="post" action="${requestUrl(request.id, "extend")}" class="action">
${csrf}
<fieldset><legend>Extend the deadline</legend>
<div class="field"><label for="extend-reason">Reason, as the requester will read it</label><textarea id="extend-reason" name="reason" rows="2" required></textarea></div>
<div class="field"><label for="extend-to">New deadline (empty: the latest the law allows)</label><input id="extend-to" name="expires_at" type="date"></div>
<button type="submit">Extend</button>
</fieldset>
</form>`
      : html``
  }
</section>`
}

/**
 * The request's record: its evidence page for everyone who reads it; for an admin, while its
 * personal data is still there, the erasure, which asks to be confirmed since it cannot be undone.
 */
const record = (view: RequestPageView) => {
  const { request } = view
  return html`<section aria-labelledby="record-title">
<h2 id="record-title">Record</h2>
<p><a href="${
    requestUrl(request.id, "evidence")
  }">Evidence record</a> <span class="muted">(every change, email and confirmation, printable)</span></p>
${
    view.mayErase && request.erasure === undefined
      ? html`<form method="post" action="${requestUrl(request.id, "erase")}" class="action">
${view.csrf}
<fieldset><legend>Erase the personal data</legend>
<p class="muted">The requester's data, notes and emails are deleted; who did what and when stays on record.</p>
<p><label class="check wraps"><input name="confirm" type="checkbox" value="yes" required> I understand that this cannot be undone</label></p>
<button type="submit" class="danger">Erase</button>
</fieldset>
</form>`
      : html``
  }
</section>`
}

/** A request's page body: where it stands, who asked what, its timeline and notes, and what may be done next. */
export const requestPageBody = (view: RequestPageView): Raw => {
  const { request, now } = view
  const right = userRight(request.user_right_id)
  const shown = countdown(request, now)
  return html`<p class="crumbs"><a href="${ConsoleRequestsPaths.list}">Requests</a> › ${request.id}</p>
<h1>${right.label.en} <span class="muted">${request.id}</span></h1>
${
    view.notice === undefined
      ? html``
      : html`<div class="notice notice-${view.notice.kind}" role="${
        view.notice.kind === "error" ? "alert" : "status"
      }">${view.notice.text}</div>`
  }
<div class="summary-line">${statusBadge(request.status)} ${deadlineBadge(request, now)}</div>
<div class="columns">
<section aria-labelledby="details-title">
<h2 id="details-title">Details</h2>
<dl class="fields">
${field("Status", statusLabel(request.status))}
${field("Deadline", `${formatInstant(request.expires_at)} (${countdownText(shown)})`)}
${field("Right", `${right.label.en} (${request.user_right_id})`)}
${field("Regulation", request.regulation_id)}
${field("Received", formatInstant(request.created_at))}
${field("Last change", formatInstant(request.updated_at))}
${field("Requester email", recipientOf(request) ?? "none given")}
${field("User id", request.organization_user_id)}
${
    field(
      "Source",
      [request.source.type, request.source.key ?? "", request.source.country ?? ""].filter((part) => part !== "").join(
        ", "
      )
    )
  }
${
    field(
      "Identity check",
      request.validation === null
        ? "none"
        : `by ${request.validation.type}${request.status === "unverified" ? ", waiting for the requester" : ""}`
    )
  }
${
    request.refusal === undefined
      ? html``
      : field(
        "Refused because",
        `${refusalReasonText(request.refusal.reason)}${
          request.refusal.details === undefined ? "" : ` ${request.refusal.details}`
        }`
      )
  }
${
    request.extra_message_variables.download_link === undefined
      ? html``
      : field(
        "Download link",
        html`<a href="${request.extra_message_variables.download_link}">${request.extra_message_variables.download_link}</a>`
      )
  }
${
    request.duplicate_of === undefined
      ? html``
      : field("Possible duplicate of", html`<a href="${requestUrl(request.duplicate_of)}">${request.duplicate_of}</a>`)
  }
${request.erasure === undefined ? html`` : field("Erased", formatInstant(request.erasure.at))}
</dl>
${
    request.request_fields.length === 0
      ? html``
      : html`<h3>What the requester gave</h3><dl class="fields">${
        request.request_fields.map((f) => field((f.field.label?.en ?? f.field_id).replace(/ \*$/, ""), f.value))
      }</dl>`
  }
</section>
${actions(view)}
</div>
${record(view)}
<section aria-labelledby="timeline-title">
<h2 id="timeline-title">Timeline</h2>
<ol class="timeline">${
    view.history.map((entry) =>
      html`<li><time datetime="${entry.at.toISOString()}">${formatInstant(entry.at)}</time> <strong>${
        historyText(entry)
      }</strong> <span class="muted">by ${actorText(entry.actor)}</span></li>`
    )
  }</ol>
</section>
<section aria-labelledby="notes-title">
<h2 id="notes-title">Notes</h2>
${
    view.notes.length === 0
      ? html`<p class="muted">No note yet.</p>`
      : html`<ul class="notes">${
        view.notes.map((note) =>
          html`<li><time datetime="${note.created_at.toISOString()}">${
            formatInstant(note.created_at)
          }</time><p>${note.value}</p></li>`
        )
      }</ul>`
  }
${
    view.mayChange
      ? html`<form method="post" action="${requestUrl(request.id, "notes")}" class="action">
${view.csrf}
<div class="field"><label for="note">Add a note (seen by your team only)</label><textarea id="note" name="value" rows="3" required></textarea></div>
<button type="submit">Add note</button>
</form>`
      : html``
  }
</section>`
}
