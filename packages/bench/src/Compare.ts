import { load, type LoadOptions, type LoadResult } from "./Load.js"
import type { Plan } from "./Plan.js"
import type { BenchServer } from "./Servers.js"

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
 * The same load on each server, in turns (bare, fastify, dsar, bare, ...), so that all see the same
 * phases of the machine's noise; each is warmed up first.
 */
export const compare = async <K extends string>(
  plan: Plan,
  servers: { readonly [key in K]: BenchServer },
  next: LoadOptions["next"]
): Promise<{ readonly [key in K]: LoadResult }> => {
  const keys = Object.keys(servers) as Array<K>
  const run = (key: K, seconds: number) => loadServer(plan, servers[key], seconds, next)
  for (const key of keys) await run(key, plan.warmupSeconds)
  const best = {} as { [key in K]: LoadResult }
  for (let round = 0; round < plan.rounds; round++) {
    for (const key of keys) best[key] = bestOf(best[key], await run(key, plan.loadSeconds))
  }
  return best
}
