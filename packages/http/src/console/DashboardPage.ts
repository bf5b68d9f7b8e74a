import { OpenStatuses, type Status, Statuses } from "@dsar/domain"
import { dueSoonFilter, overdueFilter } from "../client/PrivacyRequests.js"
import { html, type Raw } from "../Html.js"
import { listUrl } from "./ConsoleRequestsPaths.js"
import { receivedChart } from "./DashboardChart.js"
import { type DashboardData, DashboardWindow } from "./DashboardData.js"

const DAY_MS = 86_400_000

/** How a status reads in the console. */
export const statusLabel = (status: Status): string => status.replace(/_/g, " ")

const days = (ms: number) => {
  if (ms < DAY_MS) return "under a day"
  const value = ms / DAY_MS
  const shown = value < 10 ? value.toFixed(1) : String(Math.round(value))
  return `${shown} day${shown === "1.0" ? "" : "s"}`
}

const tile = (label: string, count: number, href: string, tone: "alert" | "warn" | "plain") =>
  html`<a class="tile tile-${tone}" href="${href}"><span class="tile-count">${
    String(count)
  }</span><span class="tile-label">${label}</span></a>`

/**
 * The dashboard's body: what needs doing first (overdue, due soon), the open requests by status,
 * every figure a link to the list it counts (the list's URL is the API's query), then the weekly
 * intake and the median time to answer.
 */
export const dashboardBody = (data: DashboardData): Raw => {
  const open = OpenStatuses.reduce((sum, status) => sum + data.byStatus[status], 0)
  const median = data.medianTimeToClose
  return html`<section aria-labelledby="attention">
<h2 id="attention">Needs attention</h2>
<div class="tiles">
${
    tile(
      "overdue",
      data.overdue,
      listUrl({ ...overdueFilter(data.now), $sort: { expires_at: 1 } }),
      data.overdue > 0 ? "alert" : "plain"
    )
  }
${
    tile(
      `due within ${DashboardWindow.dueWithinDays} days`,
      data.dueSoon,
      listUrl({ ...dueSoonFilter(data.now, DashboardWindow.dueWithinDays), $sort: { expires_at: 1 } }),
      data.dueSoon > 0 ? "warn" : "plain"
    )
  }
${tile("open in total", open, listUrl({ status: { $in: OpenStatuses }, $sort: { expires_at: 1 } }), "plain")}
</div>
</section>
<section aria-labelledby="by-status">
<h2 id="by-status">Requests by status</h2>
<table class="counts">
<thead><tr><th scope="col">Status</th><th scope="col">Requests</th></tr></thead>
<tbody>${
    Statuses.map((status) =>
      html`<tr><th scope="row"><a href="${listUrl({ status })}"><span class="status status-${status}">${
        statusLabel(status)
      }</span></a></th><td>${String(data.byStatus[status])}</td></tr>`
    )
  }</tbody>
</table>
</section>
<section aria-labelledby="intake">
<h2 id="intake">Received per week</h2>
${receivedChart(data.received)}
<p class="figure"><strong>Median time to answer:</strong> ${
    median === null
      ? "no request answered yet"
      : `${days(median)} (over the latest ${data.medianOver} fulfilled or refused requests)`
  }</p>
</section>`
}
