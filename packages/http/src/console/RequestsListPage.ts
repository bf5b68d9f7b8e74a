import { countdown, countdownText, recipientOf, type Request, Statuses, UserRightsCatalogue } from "@dsar/domain"
import { dueSoonFilter, overdueFilter } from "../client/PrivacyRequests.js"
import { html, type Raw } from "../Html.js"
import type { RequestPage } from "../ports/Stores.js"
import { formatDay } from "../Time.js"
import { ConsoleRequestsPaths, listUrl, requestUrl } from "./ConsoleRequestsPaths.js"
import { DashboardWindow } from "./DashboardData.js"
import { statusLabel } from "./DashboardPage.js"
import type { ConsoleListing } from "./RequestsListing.js"

const Sorts = [
  ["-created_at", "Newest first"],
  ["created_at", "Oldest first"],
  ["expires_at", "Deadline soonest"],
  ["-updated_at", "Recently changed"]
] as const

/** The values the current URL gives a form field, whichever of the query language's spellings it used. */
const valuesOf = (filter: URLSearchParams, field: string) =>
  [...filter].filter(([key]) => key === field || key.startsWith(`${field}[`)).flatMap(([, value]) => value.split(","))

const rightLabel = (id: string) =>
  id in UserRightsCatalogue ? UserRightsCatalogue[id as keyof typeof UserRightsCatalogue].label.en : id

/** A status as a badge, its name in words (never colour alone). */
export const statusBadge = (status: Request["status"]): Raw =>
  html`<span class="status status-${status}">${statusLabel(status)}</span>`

/** Where a request stands against its deadline, as a badge. */
export const deadlineBadge = (request: Request, now: Date): Raw => {
  const shown = countdown(request, now)
  return html`<span class="due due-${shown.kind}">${countdownText(shown)}</span>`
}

const filterForm = (listing: ConsoleListing) => {
  const filter = new URLSearchParams(listing.filter)
  const statuses = valuesOf(filter, "status")
  const rights = valuesOf(filter, "user_right_id")
  const sort = [...filter].find(([key]) => key.startsWith("$sort["))
  const sortValue = sort === undefined ? "-created_at" : `${sort[1] === "-1" ? "-" : ""}${sort[0].slice(6, -1)}`
  const day = (field: string, op: string) => (filter.get(`${field}[${op}]`) ?? "").slice(0, 10)
  return html`<form class="filters" method="get" action="${ConsoleRequestsPaths.list}" role="search">
<div class="field"><label for="q">Email or user id</label><input id="q" name="q" type="search" value="${listing.q}" autocomplete="off"></div>
<fieldset><legend>Status</legend>${
    Statuses.map((status) =>
      html`<label class="check"><input type="checkbox" name="status[$in][]" value="${status}"${
        statuses.includes(status) ? html` checked` : html``
      }> ${statusLabel(status)}</label>`
    )
  }</fieldset>
<div class="field"><label for="right">Right</label><select id="right" name="user_right_id[$in][]"><option value="">Any right</option>${
    Object.keys(UserRightsCatalogue).map((id) =>
      html`<option value="${id}"${rights.includes(id) ? html` selected` : html``}>${rightLabel(id)} (${id})</option>`
    )
  }</select></div>
<div class="field"><label for="from">Received from</label><input id="from" type="date" name="created_at[$gte]" value="${
    day("created_at", "$gte")
  }"></div>
<div class="field"><label for="to">Received before</label><input id="to" type="date" name="created_at[$lt]" value="${
    day("created_at", "$lt")
  }"></div>
<div class="field"><label for="sort">Order</label><select id="sort" name="sort">${
    Sorts.map(([value, label]) =>
      html`<option value="${value}"${value === sortValue ? html` selected` : html``}>${label}</option>`
    )
  }</select></div>
<div class="actions"><button type="submit">Show requests</button> <a href="${ConsoleRequestsPaths.list}">Clear</a></div>
</form>`
}

const pager = (listing: ConsoleListing, page: RequestPage) => {
  const { skip, limit } = listing.query
  const at = (to: number) => {
    const params = new URLSearchParams(listing.filter)
    if (listing.q !== "") params.set("q", listing.q)
    params.set("$skip", String(to))
    params.set("$limit", String(limit))
    return `${ConsoleRequestsPaths.list}?${params.toString()}`
  }
  const links = [
    ...(skip > 0 ? [html`<a rel="prev" href="${at(Math.max(0, skip - limit))}">Previous page</a>`] : []),
    ...(limit > 0 && skip + limit < page.total ? [html`<a rel="next" href="${at(skip + limit)}">Next page</a>`] : [])
  ]
  return links.length === 0 ? html`` : html`<nav class="pager" aria-label="Pages">${links}</nav>`
}

/** The requests list's body: the filter form, quick filters, the page of requests and its pager. */
export const requestsListBody = (listing: ConsoleListing, page: RequestPage, now: Date): Raw => {
  const { skip } = listing.query
  const csvParams = new URLSearchParams(listing.filter)
  if (listing.q !== "") csvParams.set("q", listing.q)
  const shown = page.items.length === 0
    ? "No request matches."
    : `Requests ${skip + 1}–${skip + page.items.length} of ${page.total}.`
  return html`<p class="quick">Quick filters: <a href="${
    listUrl({ ...overdueFilter(now), $sort: { expires_at: 1 } })
  }">overdue</a> · <a href="${
    listUrl({ ...dueSoonFilter(now, DashboardWindow.dueWithinDays), $sort: { expires_at: 1 } })
  }">due within ${String(DashboardWindow.dueWithinDays)} days</a> · <a href="${
    listUrl({ status: "verified" })
  }">verified, to start</a></p>
${filterForm(listing)}
<p class="summary" role="status">${shown} <a class="download" href="${`${ConsoleRequestsPaths.csv}${
    csvParams.size === 0 ? "" : `?${csvParams.toString()}`
  }`}" download>Download these as CSV</a></p>
<div class="table-wrap" tabindex="0" role="region" aria-label="Requests">
<table class="requests">
<thead><tr><th scope="col">Request</th><th scope="col">Status</th><th scope="col">Right</th><th scope="col">Requester</th><th scope="col">Received</th><th scope="col">Deadline</th></tr></thead>
<tbody>${
    page.items.map((request) =>
      html`<tr><th scope="row"><a href="${requestUrl(request.id)}">${request.id}</a></th><td>${
        statusBadge(request.status)
      }</td><td>${rightLabel(request.user_right_id)}</td><td>${
        recipientOf(request) ?? ""
      }<br><span class="muted">${request.organization_user_id}</span></td><td><span class="cell-label">Received </span>${
        formatDay(request.created_at)
      }</td><td><span class="cell-label">Due </span>${formatDay(request.expires_at)} ${
        deadlineBadge(request, now)
      }</td></tr>`
    )
  }</tbody>
</table>
</div>
${pager(listing, page)}`
}
