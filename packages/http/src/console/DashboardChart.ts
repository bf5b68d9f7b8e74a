import type { Week } from "@dsar/domain"
import { html, type Raw } from "../Html.js"
import { formatDay } from "../Time.js"

const Size = { width: 640, height: 260, left: 8, bottom: 34, top: 26 } as const

/**
 * The requests received per week as a bar chart, drawn on the server as inline SVG (no script):
 * titled and described for assistive technology, with the same figures as a table beside it, so
 * nothing depends on seeing the bars.
 */
export const receivedChart = (received: ReadonlyArray<{ readonly week: Week; readonly count: number }>): Raw => {
  const highest = Math.max(1, ...received.map((row) => row.count))
  const plotWidth = Size.width - Size.left
  const plotHeight = Size.height - Size.bottom - Size.top
  const slot = plotWidth / Math.max(1, received.length)
  const total = received.reduce((sum, row) => sum + row.count, 0)
  const label = (week: Week) =>
    new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(week.from)
  const bars = received.map((row, i) => {
    const height = (row.count / highest) * plotHeight
    const x = Size.left + i * slot + slot * 0.15
    const y = Size.top + plotHeight - height
    return html`<g><rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${
      height.toFixed(1)
    }" class="bar"></rect><text x="${(x + slot * 0.35).toFixed(1)}" y="${(y - 3).toFixed(1)}" class="value">${
      String(row.count)
    }</text><text x="${(x + slot * 0.35).toFixed(1)}" y="${String(Size.height - 6)}" class="axis">${
      label(row.week)
    }</text></g>`
  })
  const first = received[0]
  const last = received[received.length - 1]
  const description = first === undefined || last === undefined
    ? "No weeks."
    : `${total} requests received in the ${received.length} weeks from ${
      formatDay(first.week.from)
    }; the most in one week: ${highest}.`
  return html`<figure class="chart">
<svg viewBox="0 0 ${String(Size.width)} ${
    String(Size.height)
  }" role="img" aria-labelledby="chart-title chart-desc" preserveAspectRatio="xMidYMid meet">
<title id="chart-title">Requests received per week</title>
<desc id="chart-desc">${description}</desc>
<line x1="${String(Size.left)}" y1="${String(Size.top + plotHeight)}" x2="${String(Size.width)}" y2="${
    String(Size.top + plotHeight)
  }" class="baseline"></line>
${bars}
</svg>
<details>
<summary>The figures as a table</summary>
<table>
<caption>Requests received per week (weeks start on Monday, UTC)</caption>
<thead><tr><th scope="col">Week of</th><th scope="col">Received</th></tr></thead>
<tbody>${
    received.map((row) => html`<tr><th scope="row">${formatDay(row.week.from)}</th><td>${String(row.count)}</td></tr>`)
  }</tbody>
</table>
</details>
</figure>`
}
