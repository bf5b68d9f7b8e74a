import { spawn } from "node:child_process"
import { request } from "node:http"
import { expect, it } from "vitest"
import { postgresAvailable, temporaryDatabase } from "../support/Postgres.js"
import { bin, freePort, tempDataDir } from "../support/Process.js"
import { record } from "./support/Tally.js"

// Requests fired at `dsar serve` while it starts (the database opened and migrated, the demo
// organisation created): each connection is refused (nothing listens yet) or answered, 503 until
// the API is ready, and never left waiting. Before the fix, a tenth of them were never answered.

/** At least this many; more when the start-up takes longer than this many probes' spacing. */
const REQUESTS = 250
const ANSWER_WITHIN_MS = 15_000

type Outcome = { readonly kind: "answered"; readonly status: number } | { readonly kind: "refused" | "hung" | "broken" }

const probe = (port: number) =>
  new Promise<Outcome>((resolve) => {
    const sent = request(
      { host: "127.0.0.1", port, path: "/health", agent: false, timeout: ANSWER_WITHIN_MS },
      (response) => {
        response.resume()
        response.on("end", () => resolve({ kind: "answered", status: response.statusCode ?? 0 }))
      }
    )
    sent.on("timeout", () => {
      sent.destroy()
      resolve({ kind: "hung" })
    })
    sent.on("error", (error: NodeJS.ErrnoException) =>
      resolve({ kind: error.code === "ECONNREFUSED" ? "refused" : "broken" }))
    sent.end()
  })

const startUnderFire = async (name: string, env: Record<string, string>) => {
  const port = await freePort()
  const child = spawn(process.execPath, [bin, "serve", "--port", String(port), "--data-dir", tempDataDir()], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"]
  })
  let stderr = ""
  child.stderr!.on("data", (chunk) => (stderr += chunk))
  const outcomes: Array<Promise<Outcome>> = []
  try {
    // Spread over the start-up: a probe every few milliseconds until the server says it listens,
    // then the rest of them at once.
    const deadline = Date.now() + 60_000
    while ((outcomes.length < REQUESTS || !stderr.includes("Listening on")) && Date.now() < deadline) {
      outcomes.push(probe(port))
      if (!stderr.includes("Listening on")) await new Promise((resolve) => setTimeout(resolve, 8))
    }
    const settled = await Promise.all(outcomes)
    const count = (predicate: (outcome: Outcome) => boolean) => settled.filter(predicate).length
    const unanswered = count((o) => o.kind === "hung" || o.kind === "broken")
    const statuses = new Set(settled.flatMap((o) => (o.kind === "answered" ? [o.status] : [])))
    record(`start-up probes (${name})`, { loads: 1, inputs: settled.length, losses: unanswered })
    expect({ unanswered, statuses: [...statuses].filter((status) => status !== 200 && status !== 503) })
      .toEqual({ unanswered: 0, statuses: [] })
    expect(count((o) => o.kind === "answered")).toBeGreaterThan(0)
    // Once announced, the server answers for real.
    expect(await probe(port)).toEqual({ kind: "answered", status: 200 })
  } finally {
    child.kill("SIGTERM")
  }
}

it("every connection made while dsar serve starts on SQLite is refused or answered (503 until ready), none hangs", () =>
  startUnderFire("SQLite", {}))

it.runIf(postgresAvailable)(
  "every connection made while dsar serve starts on PostgreSQL is refused or answered (503 until ready), none hangs",
  async () => {
    const database = temporaryDatabase()
    try {
      await startUnderFire("PostgreSQL", { DATABASE_URL: database.url })
    } finally {
      database.drop()
    }
  }
)
