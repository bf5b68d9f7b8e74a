import type { Actor, ChainVerification, HistoryRecord } from "@dsar/domain"
import { recipientOf, refusalReasonText } from "@dsar/domain"
import { HttpServerResponse } from "@effect/platform"
import type { Evidence } from "./Evidence.js"
import { html, Raw } from "./Html.js"
import type { RequestEmail } from "./ports/Outbox.js"
import { formatInstant } from "./Time.js"

// A page to read on screen and to print (or save as PDF) from a browser: no script, no external
// asset, every value escaped by `html`. The print rules drop the colours, keep each row on one
// page, and repeat tables' heads on every page.
const STYLE = `
@page{size:A4;margin:14mm}
body{margin:0;font:.95rem/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f5f5f2}
main{max-width:64rem;margin:2rem auto;padding:2rem;background:#fff;border:1px solid #ddd;border-radius:.5rem}
h1{font-size:1.45rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:2rem 0 .5rem;border-bottom:1px solid #ddd}
.meta{color:#555;margin:0 0 1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{border:1px solid #ddd;padding:.3rem .4rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f0f0ec}thead{display:table-header-group}tr{break-inside:avoid}
code{font:.8rem/1.3 ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
.chain{padding:.6rem .9rem;border-radius:.35rem;margin:1rem 0;font-weight:600}
.intact{background:#e7f6ec;border:1px solid #7cc494}.broken{background:#fde8e8;border:1px solid #e08080}
.none{color:#555;font-style:italic}
@media print{body{background:#fff;font-size:10pt}main{margin:0;padding:0;border:0;max-width:none}
th{background:none}.intact,.broken{background:none}}
`

const when = (date: Date | null) =>
  date === null ?
    html`<span class="none">–</span>` :
    html`<time datetime="${date.toISOString()}">${formatInstant(date)}</time>`

const actorText = (actor: Actor) => `${actor.type} ${actor.id}`

const json = (value: unknown) => JSON.stringify(value) ?? "null"

const table = (head: ReadonlyArray<string>, rows: ReadonlyArray<Raw>, empty: string) =>
  rows.length === 0
    ? html`<p class="none">${empty}</p>`
    : html`<table><thead><tr>${head.map((name) => html`<th>${name}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`

const chainSummary = (chain: ChainVerification) =>
  chain.first_break === null
    ? html`<p class="chain intact">History chain intact: ${
      String(chain.verified_entries)
    } entries of the organisation verified, head #${String(chain.head.position)} <code>${chain.head.hash}</code></p>`
    : html`<p class="chain broken">History chain BROKEN at entry #${
      String(chain.first_break.position)
    } (${chain.first_break.reason}): ${chain.first_break.message}</p>`

const historyRow = (entry: HistoryRecord) =>
  html`<tr><td>${String(entry.position)}</td><td>${when(entry.at)}</td><td>${
    actorText(entry.actor)
  }</td><td>${entry.action}</td><td>${entry.from_status ?? "–"} → ${entry.to_status}</td><td>${
    entry.changes.map((change) => html`<div>${change.field}: ${json(change.from)} → ${json(change.to)}</div>`)
  }</td><td><code>${entry.hash}</code></td></tr>`

const emailRow = (email: RequestEmail) =>
  html`<tr><td><code>${email.id}</code></td><td>${email.kind}</td><td>${email.state}</td><td>${
    when(email.created_at)
  }</td><td>${when(email.delivered_at)}</td><td>${when(email.failed_at)}</td><td>${String(email.attempts)}</td><td>${
    email.last_error ?? ""
  }</td></tr>`

/** The evidence record as a standalone HTML page. */
export const evidenceDocument = (evidence: Evidence): string => {
  const { chain, deadline, request } = evidence
  const title = `Evidence record of request ${request.id}`
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<style>${new Raw(STYLE)}</style>
</head>
<body>
<main>
<h1>${title}</h1>
<p class="meta">Organisation ${request.organization_id} · made ${when(evidence.generated_at)}</p>
${chainSummary(chain)}
<h2>Request</h2>
<dl>
<dt>Status</dt><dd>${request.status}</dd>
<dt>Right</dt><dd>${request.user_right_id} (${request.regulation_id})</dd>
<dt>Requester</dt><dd>${request.organization_user_id}${
    recipientOf(request) === null ? "" : `, ${recipientOf(request)}`
  }</dd>
<dt>Received</dt><dd>${when(deadline.received_at)}</dd>
<dt>Receipt</dt><dd>${
    evidence.receipt.asked
      ? html`confirmation due by ${when(evidence.receipt.due_by)}, sent ${when(evidence.receipt.confirmed_at)}`
      : "no confirmation asked by its law"
  }</dd>
<dt>First deadline</dt><dd>${when(deadline.first_expires_at)}</dd>
<dt>Deadline</dt><dd>${when(deadline.expires_at)}${deadline.overdue ? " (overdue)" : ""}</dd>
${
    evidence.refusal === null
      ? new Raw("")
      : html`<dt>Refusal</dt><dd><code>${evidence.refusal.reason}</code>: ${
        refusalReasonText(evidence.refusal.reason)
      }${evidence.refusal.details === undefined ? "" : html` “${evidence.refusal.details}”`}</dd>`
  }
<dt>Last change</dt><dd>${when(request.updated_at)}</dd>
${
    request.erasure === undefined
      ? new Raw("")
      : html`<dt>Erased</dt><dd>${when(request.erasure.at)} by ${actorText(request.erasure.by)}</dd>`
  }
</dl>
<h2>Extensions of the deadline</h2>
${
    table(
      ["When", "Who", "From", "To", "Reason"],
      deadline.extensions.map((extension) =>
        html`<tr><td>${when(extension.at)}</td><td>${actorText(extension.actor)}</td><td>${
          when(extension.from)
        }</td><td>${when(extension.to)}</td><td>${extension.reason}</td></tr>`
      ),
      "The deadline was not extended."
    )
  }
<h2>Changes</h2>
${
    table(
      ["#", "When", "Who", "What", "Status", "Changed", "Hash"],
      evidence.history.map(historyRow),
      "No change recorded."
    )
  }
<h2>Link confirmations</h2>
${
    table(
      ["When", "Link", "Status"],
      evidence.link_confirmations.map((confirmation) =>
        html`<tr><td>${when(confirmation.at)}</td><td><code>${confirmation.link_id}</code></td><td>${
          confirmation.from_status ?? "–"
        } → ${confirmation.to_status}</td></tr>`
      ),
      "No link was confirmed."
    )
  }
<h2>Emails to the requester</h2>
${
    table(
      ["Message-ID", "Kind", "State", "Queued", "Delivered", "Given up", "Attempts", "Last error"],
      evidence.emails.map(emailRow),
      "No email."
    )
  }
<p class="meta">Each email's Message-ID header is <code>&lt;id@domain of the sender&gt;</code>, the id above on its left.</p>
</main>
</body>
</html>
`.html
}

/** The page as an answer: no script, no external asset, not framed, not cached. */
export const evidencePage = (evidence: Evidence) =>
  HttpServerResponse.text(evidenceDocument(evidence), {
    contentType: "text/html; charset=utf-8",
    headers: {
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
      "x-frame-options": "DENY"
    }
  })

/**
 * Whether a request for the record asks for the page: `format=html`, or no `format` and an
 * `Accept` header naming `text/html` (as a browser's does). JSON otherwise.
 */
export const wantsHtml = (format: "json" | "html" | undefined, accept: string | undefined) =>
  format === "html" || (format === undefined && (accept ?? "").toLowerCase().includes("text/html"))
