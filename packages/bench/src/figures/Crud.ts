import { tempDataDir } from "@dsar/server/test-support/process"
import Database from "better-sqlite3"
import { copyFileSync, rmSync } from "node:fs"
import { join } from "node:path"
import { compare, type Comparison } from "../Compare.js"
import { createBody, prepareDataDir } from "../DataDir.js"
import type { Plan } from "../Plan.js"
import { type Figure, round } from "../Report.js"
import { seededIds, seedRequests } from "../Seed.js"
import { type BenchServer, startBare, startDsar } from "../Servers.js"

const GET_IDS = 1_000

const getJson = async (server: BenchServer, path: string) => {
  const response = await fetch(`${server.url}${path}`, { headers: server.headers })
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as Record<string, unknown>
}

// The baseline is only a baseline if it answers what the server answers.
const assertSameShape = async (servers: { readonly bare: BenchServer; readonly dsar: BenchServer }, path: string) => {
  const keys = async (server: BenchServer) => Object.keys(await getJson(server, path)).sort().join(",")
  const [bare, dsar] = await Promise.all([keys(servers.bare), keys(servers.dsar)])
  if (bare !== dsar) throw new Error(`the bare baseline answers ${path} with other fields:\n${bare}\n${dsar}`)
}

// Every created request must have left its link and its outbox row, on both sides.
const assertLinksAndOutbox = (database: string) => {
  const db = new Database(database, { readonly: true })
  try {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
    const [links, outbox] = [count("links"), count("outbox")]
    if (links < 2 || links !== outbox) throw new Error(`${database}: ${links} links but ${outbox} outbox rows`)
    return links
  } finally {
    db.close()
  }
}

const describe = (name: string, comparison: Comparison, goal: number): Figure => {
  const { dsar, bare } = comparison
  const ratio = dsar.requestsPerSecond / bare.requestsPerSecond
  const side = (result: Comparison["bare"]) =>
    `${round(result.requestsPerSecond, 0)} req/s (p99 ${round(result.p99Ms)} ms, CPU ${
      round(result.cpuMsPerRequest, 3)
    } ms/request)`
  return {
    name,
    measured: `${side(dsar)} vs bare ${side(bare)}: ${round(ratio)}x the req/s ` +
      `(p99 ${round(dsar.p99Ms / bare.p99Ms, 1)}x, CPU per request ${
        round(dsar.cpuMsPerRequest / bare.cpuMsPerRequest, 1)
      }x bare's)`,
    goal: { text: `>= ${goal}x bare req/s`, met: ratio >= goal }
  }
}

/**
 * GET `/dsar/requests/{id}` and POST `/dsar/requests` on SQLite: `dsar serve` against the bare
 * baseline, each on its own copy of one seeded database.
 */
export const crudFigures = async (plan: Plan): Promise<ReadonlyArray<Figure>> => {
  const data = await prepareDataDir()
  const bareDir = tempDataDir()
  try {
    seedRequests(data.database, data.template, 0, plan.crudRows)
    copyFileSync(data.database, join(bareDir, "dsar.sqlite"))
    const dsar = await startDsar(data.path)
    const bare = await startBare(bareDir)
    try {
      const servers = { bare, dsar }
      const ids = seededIds(
        data.template,
        Array.from({ length: GET_IDS }, (_, i) => Math.floor((i * plan.crudRows) / GET_IDS))
      )
      await assertSameShape(servers, `/dsar/requests/${ids[0]}`)
      let next = 0
      const get = await compare(plan, servers, () => ({ path: `/dsar/requests/${ids[next++ % ids.length]}` }))
      const post = await compare(plan, servers, () => ({ method: "POST", path: "/dsar/requests", body: createBody }))
      await Promise.all([dsar.running.stop(), bare.running.stop()])
      assertLinksAndOutbox(data.database)
      assertLinksAndOutbox(join(bareDir, "dsar.sqlite"))
      return [
        describe(`GET /dsar/requests/{id} (${plan.crudRows.toLocaleString("en-US")} stored)`, get, 0.33),
        describe("POST /dsar/requests (unverified: request, link, outbox, history)", post, 0.5)
      ]
    } finally {
      await Promise.all([dsar.running.stop(), bare.running.stop()])
    }
  } finally {
    rmSync(data.path, { recursive: true, force: true })
    rmSync(bareDir, { recursive: true, force: true })
  }
}
