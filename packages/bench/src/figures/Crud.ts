import { createRequestExample } from "@dsar/domain"
import { tempDataDir } from "@dsar/server/test-support/process"
import Database from "better-sqlite3"
import { copyFileSync, rmSync } from "node:fs"
import { join } from "node:path"
import { compare } from "../Compare.js"
import { createBody, prepareDataDir } from "../DataDir.js"
import type { LoadResult } from "../Load.js"
import type { Plan } from "../Plan.js"
import { rssMb } from "../Proc.js"
import { type Figure, round } from "../Report.js"
import { seededIds, seedRequests } from "../Seed.js"
import { type BenchServer, startDsar, startPeer } from "../Servers.js"
import { deliveryFigure } from "./Delivery.js"
import type { SqliteResults } from "./Postgres.js"

const GET_IDS = 1_000
const LIST_PATH = "/dsar/requests?status=verified&$limit=100"
const verifiedBody = JSON.stringify(createRequestExample)

type Side = "bare" | "fastify" | "dsar"
type Servers = { readonly [side in Side]: BenchServer }

const getJson = async (server: BenchServer, path: string) => {
  const response = await fetch(`${server.url}${path}`, { headers: server.headers })
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as unknown
}

const shapeOf = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.length}:${value.map(shapeOf).join("|")}]`
    : typeof value === "object" && value !== null
    ? Object.keys(value).sort().join(",")
    : typeof value

// A peer is only a peer if it answers what the server answers.
const assertSameShape = async (servers: Servers, path: string) => {
  const [bare, fastify, dsar] = await Promise.all(
    [servers.bare, servers.fastify, servers.dsar].map(async (server) => shapeOf(await getJson(server, path)))
  )
  if (bare !== dsar || fastify !== dsar) {
    throw new Error(`the peers answer ${path} with other fields:\n${bare}\n${fastify}\n${dsar}`)
  }
}

// Every unverified request must have left its link and its approval email, on every side.
const assertLinksAndOutbox = (database: string) => {
  const db = new Database(database, { readonly: true })
  try {
    const count = (query: string) => (db.prepare(query).get() as { n: number }).n
    const links = count("SELECT count(*) AS n FROM links")
    const approvals = count("SELECT count(*) AS n FROM outbox WHERE kind = 'approval'")
    if (links < 2 || links !== approvals) {
      throw new Error(`${database}: ${links} links but ${approvals} approval emails`)
    }
    return links
  } finally {
    db.close()
  }
}

const side = (result: LoadResult) =>
  `${round(result.requestsPerSecond, 0)} req/s (p99 ${round(result.p99Ms)} ms, CPU ${
    round(result.cpuMsPerRequest, 3)
  } ms/request)`

/** dsar's figures as ratios to both peers; the goal is against Fastify's req/s. */
const describe = (name: string, results: { readonly [side in Side]: LoadResult }, goal: number): Figure => {
  const { bare, dsar, fastify } = results
  const ratio = (peer: LoadResult) =>
    `${round(dsar.requestsPerSecond / peer.requestsPerSecond)}x the req/s, CPU per request ${
      round(dsar.cpuMsPerRequest / peer.cpuMsPerRequest, 1)
    }x`
  const vsFastify = dsar.requestsPerSecond / fastify.requestsPerSecond
  return {
    name,
    measured: `${side(dsar)}; Fastify ${side(fastify)}; bare ${side(bare)}: ` +
      `${ratio(fastify)} Fastify's; ${ratio(bare)} bare's`,
    goal: { text: `>= ${goal}x Fastify's req/s`, met: vsFastify >= goal }
  }
}

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/**
 * Start-up (from spawning the process to its "Listening on" line) and resident memory once idle,
 * of each server on its copy of the seeded database, the median of `plan.startRuns` starts in turns.
 */
const atRest = async (plan: Plan, start: { readonly [side in Side]: () => Promise<BenchServer> }) => {
  const startups: { [side in Side]: Array<number> } = { bare: [], fastify: [], dsar: [] }
  const rss: { [side in Side]: Array<number> } = { bare: [], fastify: [], dsar: [] }
  for (let run = 0; run < plan.startRuns; run++) {
    for (const key of Object.keys(start) as Array<Side>) {
      const started = performance.now()
      const server = await start[key]()
      startups[key].push(performance.now() - started)
      // Idle: what start-up left behind, after the collector had time to run.
      await new Promise((resolve) => setTimeout(resolve, 2_000))
      rss[key].push(rssMb(server.running.child.pid!))
      await server.running.stop()
    }
  }
  const figure = (name: string, values: typeof rss, unit: string, digits: number): Figure => ({
    name,
    measured: `dsar ${round(median(values.dsar), digits)} ${unit}; Fastify ${
      round(median(values.fastify), digits)
    } ${unit}; bare ${round(median(values.bare), digits)} ${unit}: ${
      round(median(values.dsar) / median(values.fastify))
    }x Fastify's`
  })
  return [
    figure("Start-up, spawn to listening (median)", startups, "ms", 0),
    figure("Idle RSS after start-up (median)", rss, "MB", 0)
  ]
}

/**
 * GET `/dsar/requests/{id}`, the list and POST `/dsar/requests` on SQLite: `dsar serve` against the
 * bare baseline and the Fastify peer, each on its own copy of one seeded database, in turns.
 */
export const crudFigures = async (
  plan: Plan
): Promise<{ readonly figures: ReadonlyArray<Figure>; readonly dsar: SqliteResults }> => {
  const data = await prepareDataDir()
  const peerDirs = { bare: tempDataDir(), fastify: tempDataDir() }
  try {
    seedRequests(data.database, data.template, 0, plan.crudRows)
    for (const dir of Object.values(peerDirs)) copyFileSync(data.database, join(dir, "dsar.sqlite"))
    const start = {
      bare: () => startPeer("bare", peerDirs.bare),
      fastify: () => startPeer("fastify", peerDirs.fastify),
      dsar: () => startDsar(data.path)
    }
    const rest = await atRest(plan, start)
    const servers: Servers = { bare: await start.bare(), fastify: await start.fastify(), dsar: await start.dsar() }
    const stopAll = () => Promise.all(Object.values(servers).map((server) => server.running.stop()))
    try {
      const ids = seededIds(
        data.template,
        Array.from({ length: GET_IDS }, (_, i) => Math.floor((i * plan.crudRows) / GET_IDS))
      )
      await assertSameShape(servers, `/dsar/requests/${ids[0]}`)
      await assertSameShape(servers, LIST_PATH)
      let next = 0
      const get = await compare(plan, servers, () => ({ path: `/dsar/requests/${ids[next++ % ids.length]}` }))
      const list = await compare(plan, servers, () => ({ path: LIST_PATH }))
      const verified = await compare(
        plan,
        servers,
        () => ({ method: "POST", path: "/dsar/requests", body: verifiedBody })
      )
      const unverified = await compare(
        plan,
        servers,
        () => ({ method: "POST", path: "/dsar/requests", body: createBody })
      )
      const delivery = await deliveryFigure(servers.dsar, data.database)
      await stopAll()
      for (const database of [data.database, ...Object.values(peerDirs).map((dir) => join(dir, "dsar.sqlite"))]) {
        assertLinksAndOutbox(database)
      }
      const stored = plan.crudRows.toLocaleString("en-US")
      const dsar = { get: get.dsar, list: list.dsar, verified: verified.dsar, unverified: unverified.dsar }
      const figures = [
        describe(`GET /dsar/requests/{id} (${stored} stored)`, get, 0.5),
        describe(`GET ${LIST_PATH} (${stored} stored, ${plan.connections} clients)`, list, 1),
        describe("POST /dsar/requests (verified: request, history)", verified, 0.5),
        describe("POST /dsar/requests (unverified: request, link, outbox, history)", unverified, 0.5),
        delivery,
        ...rest
      ]
      return { figures, dsar }
    } finally {
      await stopAll()
    }
  } finally {
    for (const dir of [data.path, ...Object.values(peerDirs)]) rmSync(dir, { recursive: true, force: true })
  }
}
