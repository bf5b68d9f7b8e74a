import { createRequestExample, Statuses } from "@dsar/domain"
import { tempDataDir } from "@dsar/server/test-support/process"
import { execFileSync } from "node:child_process"
import { randomBytes } from "node:crypto"
import { rmSync } from "node:fs"
import { compare, loadServer } from "../Compare.js"
import { createBody, postRequest } from "../DataDir.js"
import type { LoadResult } from "../Load.js"
import type { Plan } from "../Plan.js"
import { type Figure, round } from "../Report.js"
import { type BenchServer, migrate, startDsar } from "../Servers.js"

// The project's PostgreSQL (user postgres, trust), as the tests use it.
const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const LIST_PATH = "/dsar/requests?status=verified&$limit=100"

const psql = (url: string, sql: string) =>
  execFileSync("psql", [url, "-v", "ON_ERROR_STOP=1", "-q", "-t", "-A", "-c", sql], { encoding: "utf8" }).trim()

const temporaryDatabase = () => {
  const name = `dsar_bench_${randomBytes(6).toString("hex")}`
  psql(ADMIN_URL, `CREATE DATABASE ${name}`)
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => psql(ADMIN_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) }
}

/**
 * `count` copies of the one stored request, in one statement: ids `req_` and 26 digits, statuses
 * in turn (so a sixth match the list's filter, as on SQLite), each a second older than the last.
 */
const seed = (url: string, count: number) => {
  const statuses = `ARRAY[${Statuses.map((status) => `'${status}'`).join(",")}]`
  psql(
    url,
    `INSERT INTO requests SELECT (jsonb_populate_record(NULL::requests, to_jsonb(t) || jsonb_build_object(
       'id', 'req_' || lpad(g::text, 26, '0'),
       'status', (${statuses})[g % ${Statuses.length} + 1],
       'created_at', t.created_at - g * interval '1 second'))).*
     FROM requests t, generate_series(1, ${count}) g`
  )
  psql(url, "ANALYZE")
  return Array.from({ length: 1_000 }, (_, i) => `req_${String(1 + Math.floor((i * count) / 1_000)).padStart(26, "0")}`)
}

const side = (result: LoadResult) =>
  `${round(result.requestsPerSecond, 0)} req/s (p99 ${round(result.p99Ms)} ms, server CPU ${
    round(result.cpuMsPerRequest, 3)
  } ms/request)`

/** What SQLite measured for the same load, which each PostgreSQL figure is set beside. */
export type SqliteResults = { readonly [load in "get" | "list" | "verified" | "unverified"]: LoadResult }

/**
 * The same GET, list and POST loads on `dsar serve` over PostgreSQL (as many stored requests as
 * the SQLite figures), and the unverified POST on two servers sharing the one database, each with
 * half the clients, against one server with all of them.
 */
export const postgresFigures = async (plan: Plan, sqlite: SqliteResults): Promise<ReadonlyArray<Figure>> => {
  const database = temporaryDatabase()
  const dataDir = tempDataDir()
  const env = { DATABASE_URL: database.url }
  const servers: Array<BenchServer> = []
  try {
    await migrate(dataDir, env)
    const first = await startDsar(dataDir, env, ["--demo"])
    servers.push(first)
    await postRequest(first)
    const ids = seed(database.url, plan.crudRows - 1)
    const second = await startDsar(dataDir, env)
    servers.push(second)
    let next = 0
    const one = { dsar: first }
    const get = (await compare(plan, one, () => ({ path: `/dsar/requests/${ids[next++ % ids.length]}` }))).dsar
    const list = (await compare(plan, one, () => ({ path: LIST_PATH }))).dsar
    const post = (body: string) => () => ({ method: "POST" as const, path: "/dsar/requests", body })
    const verified = (await compare(plan, one, post(JSON.stringify(createRequestExample)))).dsar
    const unverified = (await compare(plan, one, post(createBody))).dsar
    const half = { ...plan, connections: Math.max(1, plan.connections / 2) }
    let both = 0
    for (let round = 0; round < plan.rounds; round++) {
      const [a, b] = await Promise.all(
        [first, second].map((server) => loadServer(half, server, plan.loadSeconds, post(createBody)))
      )
      both = Math.max(both, a!.requestsPerSecond + b!.requestsPerSecond)
    }
    const stored = plan.crudRows.toLocaleString("en-US")
    const beside = (name: string, result: LoadResult, onSqlite: LoadResult): Figure => ({
      name: `PostgreSQL: ${name}`,
      measured:
        `${side(result)}: ${round(result.requestsPerSecond / onSqlite.requestsPerSecond)}x the req/s on SQLite ` +
        `(server CPU per request ${
          round(result.cpuMsPerRequest / onSqlite.cpuMsPerRequest, 1)
        }x, the database's own not counted)`
    })
    return [
      beside(`GET /dsar/requests/{id} (${stored} stored)`, get, sqlite.get),
      beside(`GET ${LIST_PATH} (${stored} stored)`, list, sqlite.list),
      beside("POST /dsar/requests (verified)", verified, sqlite.verified),
      beside("POST /dsar/requests (unverified)", unverified, sqlite.unverified),
      {
        name: "PostgreSQL: POST /dsar/requests (unverified) on two servers sharing one database",
        measured: `${round(both, 0)} req/s together (${half.connections} clients each) vs ${
          round(unverified.requestsPerSecond, 0)
        } req/s on one server with ${plan.connections}: ${round(both / unverified.requestsPerSecond)}x`
      }
    ]
  } finally {
    await Promise.all(servers.map((server) => server.running.stop()))
    rmSync(dataDir, { recursive: true, force: true })
    database.drop()
  }
}
