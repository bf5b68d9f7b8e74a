import { serve, tempDataDir } from "@dsar/server/test-support/process"
import { rmSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { compare } from "../Compare.js"
import type { Plan } from "../Plan.js"
import { type Figure, round } from "../Report.js"
import type { BenchServer } from "../Servers.js"

const floorScript = fileURLToPath(new URL("../baseline/floor.js", import.meta.url))

const startFloor = async (dataDir: string, kind: "bare" | "effect"): Promise<BenchServer> => {
  const running = await serve(dataDir, { FLOOR: kind }, { program: floorScript })
  return { running, url: running.url, headers: {} }
}

/**
 * What the framework alone costs: one constant route through Effect's HttpApi against the same
 * route on node:http alone, in the same run. Its CPU per request is spent by every route of
 * `dsar serve` before the route's own work, against the bare baseline's whole request.
 */
export const floorFigures = async (plan: Plan): Promise<ReadonlyArray<Figure>> => {
  const dataDir = tempDataDir()
  const [bare, effect] = await Promise.all([startFloor(dataDir, "bare"), startFloor(dataDir, "effect")])
  try {
    const { bare: b, dsar: e } = await compare(plan, { bare, dsar: effect }, () => ({ path: "/health" }))
    return [
      {
        name: "Framework floor: GET /health through Effect's HttpApi, nothing else",
        measured:
          `${round(e.requestsPerSecond, 0)} req/s (CPU ${round(e.cpuMsPerRequest, 3)} ms/request) vs bare node:http ` +
          `${round(b.requestsPerSecond, 0)} req/s (CPU ${round(b.cpuMsPerRequest, 3)} ms/request): ` +
          `${
            round(e.requestsPerSecond / b.requestsPerSecond)
          }x the req/s: what routing through HttpApi costs before a route does any work`
      }
    ]
  } finally {
    await Promise.all([bare.running.stop(), effect.running.stop()])
    rmSync(dataDir, { recursive: true, force: true })
  }
}
