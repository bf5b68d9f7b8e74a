import { load, type LoadOptions, type LoadResult } from "./Load.js"
import type { Plan } from "./Plan.js"
import type { BenchServer } from "./Servers.js"

export interface Comparison {
  readonly bare: LoadResult
  readonly dsar: LoadResult
}

/** Noise on a shared machine only ever slows a run down: the best of each measure over the runs is the figure. */
export const bestOf = (a: LoadResult | undefined, b: LoadResult): LoadResult =>
  a === undefined
    ? b
    : {
      requestsPerSecond: Math.max(a.requestsPerSecond, b.requestsPerSecond),
      p99Ms: Math.min(a.p99Ms, b.p99Ms),
      requests: a.requests + b.requests,
      cpuMsPerRequest: Math.min(a.cpuMsPerRequest, b.cpuMsPerRequest)
    }

/** A load of `plan.connections` clients on `server`, its CPU read from its process. */
export const loadServer = (plan: Plan, server: BenchServer, seconds: number, next: LoadOptions["next"]) =>
  load({
    url: server.url,
    pid: server.running.child.pid!,
    headers: server.headers,
    connections: plan.connections,
    seconds,
    next
  })

/**
 * The same load on the bare baseline and on `dsar serve`, in turns (bare, dsar, bare, dsar, ...),
 * so that both see the same phases of the machine's noise; each is warmed up first.
 */
export const compare = async (
  plan: Plan,
  servers: { readonly bare: BenchServer; readonly dsar: BenchServer },
  next: LoadOptions["next"]
): Promise<Comparison> => {
  const run = (server: BenchServer, seconds: number) => loadServer(plan, server, seconds, next)
  await run(servers.bare, plan.warmupSeconds)
  await run(servers.dsar, plan.warmupSeconds)
  let bare: LoadResult | undefined
  let dsar: LoadResult | undefined
  for (let round = 0; round < plan.rounds; round++) {
    bare = bestOf(bare, await run(servers.bare, plan.loadSeconds))
    dsar = bestOf(dsar, await run(servers.dsar, plan.loadSeconds))
  }
  return { bare: bare!, dsar: dsar! }
}
