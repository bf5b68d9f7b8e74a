import { Cursor } from "@dsar/http"
import { rmSync } from "node:fs"
import { prepareDataDir } from "../DataDir.js"
import { load, type LoadResult } from "../Load.js"
import type { Plan } from "../Plan.js"
import { type Figure, round } from "../Report.js"
import { seededIds, seededTime, seedRequests } from "../Seed.js"
import { type BenchServer, startDsar } from "../Servers.js"
import { exportFigures } from "./Export.js"

// Pages at any depth (issue 18, decision 0025): the default order's page at `$skip` 0, 10,000 and
// the deepest, and by `$cursor` at the same depths. A `$skip` past the bound is refused (400), so
// its figure is the refusal's cost; the goal holds the deepest cursor page to the first page's.
const PAGE = 100
const GOAL = 1.5
const NEWEST_FIRST = [{ field: "created_at" as const, direction: -1 as const }]

const count = (size: number) => size.toLocaleString("en-US")

const latency = (server: BenchServer, path: string, seconds: number, refused = false) =>
  load({
    url: server.url,
    pid: server.running.child.pid!,
    headers: server.headers,
    connections: 1,
    seconds,
    next: () => ({ path }),
    ...(refused ? { expectedStatus: 400 } : {})
  })

export const pageFigures = async (plan: Plan): Promise<ReadonlyArray<Figure>> => {
  const rows = plan.pageRows
  const data = await prepareDataDir()
  let server: BenchServer | undefined
  try {
    seedRequests(data.database, data.template, 0, rows)
    server = await startDsar(data.path)
    const depths = [0, 10_000, rows - 10_000]
    // Newest first: the template's own request, then the seeded rows by index (each older than the
    // one before). The cursor of the page at `depth` is the one of the request just before it.
    const idAt = (position: number) => position === 0 ? data.template.id : seededIds(data.template, [position - 1])[0]!
    const cursorAt = (depth: number) => {
      const last = { id: idAt(depth - 1), created_at: new Date(seededTime(data.template, depth - 2)) }
      return Cursor.cursorOf(NEWEST_FIRST, last as never)
    }
    const skipPath = (depth: number) => `/dsar/requests?$limit=${PAGE}&$skip=${depth}`
    const cursorPath = (depth: number) =>
      depth === 0 ? `/dsar/requests?$limit=${PAGE}` : `/dsar/requests?$limit=${PAGE}&$cursor=${cursorAt(depth)}`
    for (const depth of depths) {
      const byCursor = await fetch(`${server.url}${cursorPath(depth)}`, { headers: server.headers })
      const bySkip = await fetch(`${server.url}${skipPath(Math.min(depth, 10_000))}`, { headers: server.headers })
      const cursorIds = ((await byCursor.json()) as ReadonlyArray<{ id: string }>).map((r) => r.id)
      const skipIds = ((await bySkip.json()) as ReadonlyArray<{ id: string }>).map((r) => r.id)
      const expected = Array.from({ length: PAGE }, (_, i) => idAt(depth + i))
      if (cursorIds.join() !== expected.join() || (depth <= 10_000 && skipIds.join() !== expected.join())) {
        throw new Error(`the page at depth ${depth} does not hold the seeded requests it should`)
      }
    }
    const targets = depths.flatMap((depth) => [
      { label: `$skip=${count(depth)}`, path: skipPath(depth), refused: depth > 10_000 },
      { label: `$cursor at depth ${count(depth)}`, path: cursorPath(depth), refused: false }
    ])
    for (const target of targets) await latency(server, target.path, plan.warmupSeconds, target.refused)
    const best: Array<LoadResult | undefined> = targets.map(() => undefined)
    for (let turn = 0; turn < plan.latencyRounds; turn++) {
      for (const [i, target] of targets.entries()) {
        const result = await latency(server, target.path, plan.latencySeconds, target.refused)
        best[i] = best[i] === undefined || result.p99Ms < best[i]!.p99Ms ? result : best[i]
      }
    }
    const first = best[1]!
    const deepest = best[best.length - 1]!
    const exported = await exportFigures(server, data.path, rows)
    return [
      ...targets.map((target, i) => ({
        name: `GET /dsar/requests?$limit=${PAGE}, ${target.label}, at ${count(rows)} stored${
          target.refused ? " (refused: 400)" : ""
        }`,
        measured: `p99 ${round(best[i]!.p99Ms)} ms (CPU ${round(best[i]!.cpuMsPerRequest, 2)} ms/request)`
      })),
      {
        name: `Deepest page by $cursor vs the first page, at ${count(rows)} stored`,
        measured: `${round(deepest.p99Ms / first.p99Ms)}x p99 (CPU ${
          round(deepest.cpuMsPerRequest / first.cpuMsPerRequest)
        }x)`,
        goal: { text: `<= ${GOAL}x`, met: deepest.p99Ms / first.p99Ms <= GOAL }
      },
      ...exported
    ]
  } finally {
    await server?.running.stop()
    rmSync(data.path, { recursive: true, force: true })
  }
}
