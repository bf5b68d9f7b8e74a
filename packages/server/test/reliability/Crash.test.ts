import { createRequestExample } from "@dsar/domain"
import { describe, expect, it } from "vitest"
import { postgresAvailable, temporaryDatabase } from "../support/Postgres.js"
import { type Running, serve, tempDataDir } from "../support/Process.js"
import { demoSession } from "../support/Session.js"

// The lifecycle a request walks in this test, one PATCH at a time.
const walk = ["verified", "work_in_progress", "fulfilled", "archived"] as const

interface Answered {
  readonly id: string
  /** The furthest status a PATCH was answered 2xx for (index into `walk`). */
  reached: number
}

/** Creates and walks requests until the process dies; records what was answered 2xx. */
const load = async (running: Running, token: string, answered: Array<Answered>) => {
  const call = (path: string, method: string, body: unknown) =>
    fetch(`${running.url}${path}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body)
    })
  try {
    for (;;) {
      const created = await call("/dsar/requests", "POST", createRequestExample)
      if (created.status !== 201) throw new Error(`create answered ${created.status}`)
      const entry: Answered = { id: ((await created.json()) as { id: string }).id, reached: 0 }
      answered.push(entry)
      for (let step = 1; step < walk.length; step++) {
        const patched = await call(`/dsar/requests/${entry.id}`, "PATCH", { status: walk[step] })
        if (patched.status !== 200) throw new Error(`patch answered ${patched.status}`)
        entry.reached = step
      }
    }
  } catch {
    // The server was killed mid-load: everything answered before is in `answered`.
  }
}

const get = async (url: string, token: string, path: string) => {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })
  return { status: response.status, body: (await response.json()) as any }
}

const stores = [
  { name: "SQLite", run: true, database: () => ({ env: {}, drop: () => {} }) },
  {
    name: "PostgreSQL",
    run: postgresAvailable,
    database: () => {
      const database = temporaryDatabase()
      return { env: { DATABASE_URL: database.url }, drop: database.drop }
    }
  }
]

describe.each(stores.filter((store) => store.run))("a server killed with SIGKILL mid-load ($name)", (store) => {
  it("loses no answered write and leaves no request half-written, over several kills", async () => {
    const dataDir = tempDataDir()
    const database = store.database()
    const answered: Array<Answered> = []
    let running = await serve(dataDir, database.env)
    const session = demoSession(running.output().stdout)
    for (let round = 0; round < 3; round++) {
      const token = await session.token(running.url)
      const loading = load(running, token, answered)
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 700))
      await running.stop("SIGKILL")
      await loading
      running = await serve(dataDir, database.env)
    }
    try {
      const token = await session.token(running.url)
      expect(answered.length).toBeGreaterThan(0)
      for (const entry of answered) {
        const request = await get(running.url, token, `/dsar/requests/${entry.id}`)
        expect(request.status).toBe(200)
        const reached = walk.indexOf(request.body.status)
        // An answered change is kept; one cut off before its answer may or may not have landed.
        expect(reached === entry.reached || reached === entry.reached + 1).toBe(true)
        const history = await get(running.url, token, `/dsar/requests/${entry.id}/history`)
        expect(history.body.map((h: { to_status: string }) => h.to_status)).toEqual(walk.slice(0, reached + 1))
        expect(request.body.request_fields).toHaveLength(1)
      }
      // Requests cut off before their answer are whole too.
      const listed = await get(running.url, token, "/dsar/requests?$limit=100")
      for (const request of listed.body) {
        const history = await get(running.url, token, `/dsar/requests/${request.id}/history`)
        expect(history.body.at(-1).to_status).toBe(request.status)
      }
    } finally {
      await running.stop()
      database.drop()
    }
  })
})
