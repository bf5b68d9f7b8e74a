import { readFileSync, rmSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { bestOf, loadServer } from "../Compare.js"
import { type DataDir, prepareDataDir } from "../DataDir.js"
import { load, type LoadResult } from "../Load.js"
import type { Plan } from "../Plan.js"
import { rssMb } from "../Proc.js"
import { type Figure, round } from "../Report.js"
import { type RequestRow, seededIds, seededStatus, seededTime, seedRequests } from "../Seed.js"
import { type BenchServer, startDsar } from "../Servers.js"

const FILTER = "verified"
const LIST_PATH = `/dsar/requests?status=${FILTER}&$limit=100`
// The same page, but a date filter (matching every row) keeps the total from the kept counts: it
// is counted over the matching rows, as every filter on other columns is.
const COUNTING_PATH = `${LIST_PATH}&created_at[$gte]=2000-01-01T00:00:00.000Z`
const RSS_GOAL_MB = 200
const WINDOW_MS = 6 * 60 * 60 * 1000

interface Listed {
  readonly status: string
  readonly user_right_id: string
  readonly updated_at: string
}

/**
 * A listing measured at every size: its path on a data directory (whose template dates the seeded
 * rows), and which seeded rows it matches, to check the page and its total before measuring.
 */
interface ListQuery {
  /** How the figure names it. */
  readonly label: string
  readonly path: (template: RequestRow) => string
  /** Whether it matches the seeded row at `index`. */
  readonly matches: (template: RequestRow, index: number) => boolean
  /** Whether a listed row satisfies it, from the row's own fields. */
  readonly holds: (template: RequestRow, row: Listed) => boolean
}

const EXCLUDED = ["archived", "refused"]

const inWindow = (template: RequestRow, at: number) =>
  at >= Date.parse(template.created_at) - WINDOW_MS && at < Date.parse(template.created_at)

// Beside the status filter: the hosted API's `$or` (over columns SQLite keeps counts of), a `$nin`
// matching two thirds of the rows, and the updates of the last six hours in the order they were
// made (a sync's "changed since"), which hold the same number of rows at every size.
const queries: ReadonlyArray<ListQuery> = [
  {
    label: LIST_PATH,
    path: () => LIST_PATH,
    matches: (_template, index) => seededStatus(index) === FILTER,
    holds: (_template, row) => row.status === FILTER
  },
  {
    label: "/dsar/requests?$or[0][status]=verified&$or[1][user_right_id]=cpra_opt_out&$limit=100",
    path: () => "/dsar/requests?$or[0][status]=verified&$or[1][user_right_id]=cpra_opt_out&$limit=100",
    matches: (template, index) => seededStatus(index) === "verified" || template.user_right_id === "cpra_opt_out",
    holds: (_template, row) => row.status === "verified" || row.user_right_id === "cpra_opt_out"
  },
  {
    label: "/dsar/requests?status[$nin][0]=archived&status[$nin][1]=refused&$limit=100",
    path: () => "/dsar/requests?status[$nin][0]=archived&status[$nin][1]=refused&$limit=100",
    matches: (_template, index) => !EXCLUDED.includes(seededStatus(index)),
    holds: (_template, row) => !EXCLUDED.includes(row.status)
  },
  {
    label:
      "/dsar/requests?updated_at[$gte]=<6 h before the newest>&updated_at[$lt]=<the newest>&$sort[updated_at]=1&$limit=100",
    path: (template) => {
      const to = Date.parse(template.created_at)
      return `/dsar/requests?updated_at[$gte]=${new Date(to - WINDOW_MS).toISOString()}&updated_at[$lt]=${
        new Date(to).toISOString()
      }&$sort[updated_at]=1&$limit=100`
    },
    matches: (template, index) => inWindow(template, seededTime(template, index)),
    holds: (template, row) => inWindow(template, Date.parse(row.updated_at))
  }
]

/** The listings' goals at the largest size, and from the smallest to the largest. */
const P99_GOAL_MS = 15
const GROWTH_GOAL = 1.5

/**
 * The heap limit `pnpm start` gives the server (the root package.json's `start` script), read from
 * there so that the figure follows it. Without one, V8 sizes its heap for a machine's memory (4 GB
 * here) and collects lazily; with it, the same load keeps well under the goal at the same req/s.
 */
const startHeapCap = () => {
  const manifest = JSON.parse(
    readFileSync(fileURLToPath(new URL("../../../../../package.json", import.meta.url)), "utf8")
  )
  const cap = /--max-old-space-size=\d+/.exec(manifest.scripts.start)?.[0]
  if (cap === undefined) throw new Error(`the start script sets no --max-old-space-size: ${manifest.scripts.start}`)
  return cap
}

const count = (size: number) => size.toLocaleString("en-US")

/** How many of the first `size` seeded rows `query` matches, and the template (a request of its own). */
const matching = (query: ListQuery, template: RequestRow, size: number) => {
  const own = {
    status: String(template.status),
    user_right_id: String(template.user_right_id),
    updated_at: String(template.updated_at)
  }
  let matches = query.holds(template, own) ? 1 : 0
  for (let index = 0; index < size; index++) {
    if (query.matches(template, index)) matches++
  }
  return matches
}

interface Sized {
  readonly size: number
  readonly data: DataDir
  readonly ids: ReadonlyArray<string>
  server?: BenchServer
}

// A seeded row must read back through the server's own decoders, and each listing must answer
// what was stored: otherwise the figures would time errors.
const assertSeededRowsServe = async ({ size, ids, server, data }: Sized) => {
  const one = await fetch(`${server!.url}/dsar/requests/${ids[ids.length - 1]}`, { headers: server!.headers })
  if (one.status !== 200 || ((await one.json()) as { id: string }).id !== ids[ids.length - 1]) {
    throw new Error(`a seeded request does not read back (${one.status})`)
  }
  const checks = [...queries, { ...queries[0]!, path: () => COUNTING_PATH }]
  for (const query of checks) {
    const path = query.path(data.template)
    const page = await fetch(`${server!.url}${path}`, { headers: server!.headers })
    const items = (await page.json()) as ReadonlyArray<Listed>
    const total = Number(page.headers.get("x-total-count"))
    const expected = matching(query, data.template, size)
    if (
      page.status !== 200 || items.length !== Math.min(100, expected) ||
      items.some((item) => !query.holds(data.template, item)) || total !== expected
    ) {
      throw new Error(
        `${path} on ${size} seeded requests answered ${page.status} with ${items.length} items and a total of ${total} (expected ${expected})`
      )
    }
  }
}

interface Memory {
  readonly before: number
  readonly peak: number
  readonly requestsPerSecond: number
}

/**
 * Peak RSS (sampled every 100 ms from before the first load) and best throughput of each server
 * under the same mixed list and GET load, warmed up and then measured in turns, as the GET and
 * POST comparisons are: a server measured alone, or cold after another had warmed up, would show
 * the machine's noise or the JIT's warm-up as a difference between them.
 */
const underMixedLoad = async (
  plan: Plan,
  servers: ReadonlyArray<BenchServer>,
  ids: ReadonlyArray<string>
): Promise<ReadonlyArray<Memory>> => {
  const pids = servers.map((server) => server.running.child.pid!)
  const before = pids.map(rssMb)
  const peaks = [...before]
  const sample = () => pids.forEach((pid, i) => (peaks[i] = Math.max(peaks[i]!, rssMb(pid))))
  const timer = setInterval(sample, 100)
  let next = 0
  const mixed = (server: BenchServer, seconds: number) =>
    loadServer(plan, server, seconds, () => ({
      path: next++ % 2 === 0 ? LIST_PATH : `/dsar/requests/${ids[(next >> 1) % ids.length]}`
    }))
  try {
    for (const server of servers) await mixed(server, plan.warmupSeconds)
    const best: Array<LoadResult | undefined> = servers.map(() => undefined)
    for (let round = 0; round < plan.rounds; round++) {
      for (const [i, server] of servers.entries()) best[i] = bestOf(best[i], await mixed(server, plan.loadSeconds))
    }
    sample()
    return servers.map((_, i) => ({
      before: before[i]!,
      peak: peaks[i]!,
      requestsPerSecond: best[i]!.requestsPerSecond
    }))
  } finally {
    clearInterval(timer)
  }
}

/** One client at a time, so the p99 is the endpoint's own latency and not a queue's. */
const latency = (server: BenchServer, path: string, seconds: number) =>
  load({
    url: server.url,
    pid: server.running.child.pid!,
    headers: server.headers,
    connections: 1,
    seconds,
    next: () => ({ path })
  })

/**
 * The list endpoint with a status filter and `$limit=100` at each size, one database and server
 * per size, all running, measured in turns (so that every size sees the same phases of the
 * machine's noise; the best p99 of the rounds is kept). At the largest, the cost of counting the
 * matches for `X-Total-Count`, and the server's resident memory under a mixed list and GET load.
 */
export const listFigures = async (plan: Plan): Promise<ReadonlyArray<Figure>> => {
  const sized: Array<Sized> = []
  try {
    for (const size of plan.listSizes) {
      const data = await prepareDataDir()
      const ids = seededIds(data.template, Array.from({ length: 1_000 }, (_, i) => Math.floor((i * size) / 1_000)))
      sized.push({ size, data, ids })
      seedRequests(data.database, data.template, 0, size)
    }
    for (const entry of sized) {
      entry.server = await startDsar(entry.data.path)
      await assertSeededRowsServe(entry)
    }
    const largest = sized[sized.length - 1]!
    const targets = [
      ...queries.flatMap((query) =>
        sized.map((entry) => ({ server: entry.server!, path: query.path(entry.data.template) }))
      ),
      { server: largest.server!, path: COUNTING_PATH }
    ]
    for (const target of targets) await latency(target.server, target.path, plan.warmupSeconds)
    const best: Array<LoadResult | undefined> = targets.map(() => undefined)
    for (let round = 0; round < plan.latencyRounds; round++) {
      for (const [i, target] of targets.entries()) {
        best[i] = bestOf(best[i], await latency(target.server, target.path, plan.latencySeconds))
      }
    }
    for (const entry of sized.slice(0, -1)) await entry.server!.running.stop()
    const heapCap = startHeapCap()
    const capped = await startDsar(largest.data.path, { NODE_OPTIONS: heapCap })
    const [memory, cappedMemory] = await underMixedLoad(plan, [largest.server!, capped], largest.ids).finally(() =>
      Promise.all([capped.running.stop(), largest.server!.running.stop()])
    )

    const p99s = best.map((result) => result!.p99Ms)
    const cpus = best.map((result) => result!.cpuMsPerRequest)
    const at = (query: number, size: number) => query * sized.length + size
    const listings = queries.flatMap((query, q) => {
      const growth = p99s[at(q, sized.length - 1)]! / p99s[at(q, 0)]!
      return [
        ...sized.map(({ size }, i) => ({
          name: `GET ${query.label} at ${count(size)} stored`,
          measured: `p99 ${round(p99s[at(q, i)]!)} ms (one client: ${
            round(best[at(q, i)]!.requestsPerSecond, 0)
          } req/s, CPU ${round(cpus[at(q, i)]!, 1)} ms/request)`,
          ...(size === largest.size
            ? { goal: { text: `p99 < ${P99_GOAL_MS} ms`, met: p99s[at(q, i)]! < P99_GOAL_MS } }
            : {})
        })),
        {
          name: `${q === 0 ? "List" : query.label} p99 growth, ${count(sized[0]!.size)} to ${
            count(largest.size)
          } stored`,
          measured: `${round(growth)}x (server CPU per request: ${
            round(cpus[at(q, sized.length - 1)]! / cpus[at(q, 0)]!)
          }x)`,
          goal: { text: `p99 <= ${GROWTH_GOAL}x`, met: growth <= GROWTH_GOAL }
        }
      ]
    })
    const summed = at(0, sized.length - 1)
    const counted = p99s[targets.length - 1]!
    return [
      ...listings,
      {
        name: `X-Total-Count at ${count(largest.size)} stored`,
        measured: `p99 ${round(p99s[summed]!)} ms summing the kept counts vs ${round(counted)} ms counting the ` +
          `${count(matching(queries[0]!, largest.data.template, largest.size))} matches (a created_at filter): ${
            round(counted / p99s[summed]!)
          }x ` +
          `(CPU per request ${round(cpus[targets.length - 1]! / cpus[summed]!)}x)`
      },
      {
        name: `Server RSS under list + GET load at ${
          count(largest.size)
        } stored, as \`pnpm start\` runs it (${heapCap})`,
        measured:
          `peak ${round(cappedMemory.peak, 0)} MB (${
            round(cappedMemory.before, 0)
          } MB before the load, ${plan.connections} clients), ` +
          `${round(cappedMemory.requestsPerSecond / memory.requestsPerSecond)}x the uncapped server's req/s`,
        goal: { text: `<= ${RSS_GOAL_MB} MB`, met: cappedMemory.peak <= RSS_GOAL_MB }
      },
      {
        name: "Server RSS, same load, without a heap limit (Node's default)",
        measured: `peak ${round(memory.peak, 0)} MB (${
          round(memory.before, 0)
        } MB before the load, after the latency runs)`
      }
    ]
  } finally {
    await Promise.all(sized.map((entry) => entry.server?.running.stop()))
    for (const entry of sized) rmSync(entry.data.path, { recursive: true, force: true })
  }
}
