import { readFileSync, rmSync } from "node:fs"
import { load } from "../Load.js"
import { prepareDataDir } from "../DataDir.js"
import type { Plan } from "../Plan.js"
import { type Figure, round } from "../Report.js"
import { seededIds, seededStatus, seedRequests } from "../Seed.js"
import { type BenchServer, startDsar } from "../Servers.js"

const FILTER = "verified"
const LIST_PATH = `/dsar/requests?status=${FILTER}&$limit=100`
const RSS_GOAL_MB = 200

/** How many of the first `size` seeded rows the filter matches. */
const matching = (size: number) => {
  let count = 0
  for (let index = 0; index < size; index++) if (seededStatus(index) === FILTER) count++
  return count
}

// A seeded row must read back through the server's own decoders, and the list must count what
// was stored: otherwise the figures would time errors.
const assertSeededRowsServe = async (server: BenchServer, id: string, size: number) => {
  const one = await fetch(`${server.url}/dsar/requests/${id}`, { headers: server.headers })
  if (one.status !== 200 || ((await one.json()) as { id: string }).id !== id) throw new Error(`seeded request ${id} does not read back (${one.status})`)
  const page = await fetch(`${server.url}${LIST_PATH}`, { headers: server.headers })
  const items = (await page.json()) as ReadonlyArray<{ status: string }>
  const total = Number(page.headers.get("x-total-count"))
  if (page.status !== 200 || items.length !== 100 || items.some((item) => item.status !== FILTER) || total !== matching(size)) {
    throw new Error(`the list of ${size} seeded requests answered ${page.status} with ${items.length} items and a total of ${total}`)
  }
}

const rssMb = (pid: number) => {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))
  return match ? Number(match[1]) / 1024 : Number.NaN
}

/** Samples the process's resident memory every 100 ms while `during` runs; the largest sample. */
const peakRss = async <A>(pid: number, during: () => Promise<A>) => {
  let peak = rssMb(pid)
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100)
  try {
    const result = await during()
    return { peak: Math.max(peak, rssMb(pid)), result }
  } finally {
    clearInterval(timer)
  }
}

/**
 * The list endpoint with a status filter and `$limit=100` at each size, on one database grown
 * from the smallest size to the largest by seeding (the server is stopped while it is seeded);
 * at the largest, the server's resident memory under a mixed list and GET load.
 */
export const listFigures = async (plan: Plan): Promise<ReadonlyArray<Figure>> => {
  const data = await prepareDataDir()
  try {
    const p99s: Array<{ size: number; p99Ms: number; requestsPerSecond: number }> = []
    let seeded = 0
    let rss = { idle: 0, peak: 0 }
    const largest = plan.listSizes[plan.listSizes.length - 1]!
    for (const size of plan.listSizes) {
      seedRequests(data.database, data.template, seeded, size)
      seeded = size
      const server = await startDsar(data.path)
      try {
        const ids = seededIds(data.template, Array.from({ length: 1_000 }, (_, i) => Math.floor((i * size) / 1_000)))
        await assertSeededRowsServe(server, ids[ids.length - 1]!, size)
        const run = (seconds: number, next: () => { readonly path: string }) =>
          load({ url: server.url, headers: server.headers, connections: plan.connections, seconds, next })
        await run(plan.warmupSeconds, () => ({ path: LIST_PATH }))
        let best = await run(plan.loadSeconds, () => ({ path: LIST_PATH }))
        for (let round = 1; round < plan.rounds; round++) {
          const again = await run(plan.loadSeconds, () => ({ path: LIST_PATH }))
          best = { ...best, p99Ms: Math.min(best.p99Ms, again.p99Ms), requestsPerSecond: Math.max(best.requestsPerSecond, again.requestsPerSecond) }
        }
        p99s.push({ size, p99Ms: best.p99Ms, requestsPerSecond: best.requestsPerSecond })
        if (size === largest) {
          const idle = rssMb(server.running.child.pid!)
          let next = 0
          const mixed = await peakRss(server.running.child.pid!, () =>
            run(plan.loadSeconds, () => ({ path: next++ % 2 === 0 ? LIST_PATH : `/dsar/requests/${ids[(next >> 1) % ids.length]}` }))
          )
          rss = { idle, peak: mixed.peak }
        }
      } finally {
        await server.running.stop()
      }
    }
    const smallest = p99s[0]!
    const biggest = p99s[p99s.length - 1]!
    const growth = biggest.p99Ms / smallest.p99Ms
    const count = (size: number) => size.toLocaleString("en-US")
    return [
      ...p99s.map(({ size, p99Ms, requestsPerSecond }) => ({
        name: `GET ${LIST_PATH} at ${count(size)} stored`,
        measured: `p99 ${round(p99Ms)} ms, ${round(requestsPerSecond, 0)} req/s`,
        ...(size === largest ? { goal: { text: "p99 < 15 ms", met: p99Ms < 15 } } : {})
      })),
      {
        name: `List p99 growth, ${count(smallest.size)} to ${count(biggest.size)} stored`,
        measured: `${round(growth)}x`,
        goal: { text: "<= 1.5x", met: growth <= 1.5 }
      },
      {
        name: `Server RSS under list + GET load at ${count(largest)} stored`,
        measured: `peak ${round(rss.peak, 0)} MB (${round(rss.idle, 0)} MB before the load)`,
        goal: { text: `<= ${RSS_GOAL_MB} MB`, met: rss.peak <= RSS_GOAL_MB }
      }
    ]
  } finally {
    rmSync(data.path, { recursive: true, force: true })
  }
}
