import autocannon from "autocannon"
import { cpuMs } from "./Proc.js"

/** What one load run measured: throughput, the 99th percentile of the response times, and the server's CPU time per request. */
export interface LoadResult {
  readonly requestsPerSecond: number
  readonly p99Ms: number
  readonly requests: number
  /** User and system time of the server process over the run, per request: hardly moved by other processes' load. */
  readonly cpuMsPerRequest: number
}

export interface LoadOptions {
  readonly url: string
  /** The server's process, whose CPU time is read from /proc. */
  readonly pid: number
  readonly seconds: number
  readonly connections: number
  readonly headers: Readonly<Record<string, string>>
  /** Called before every request: the path (and method and body) to send next. */
  readonly next: () => { readonly path: string; readonly method?: "GET" | "POST"; readonly body?: string }
  /** The status every answer must have, when it is not a 2xx (a refusal's cost is measured too). */
  readonly expectedStatus?: number
}

/** The `q` quantile (0..1) of values, nearest rank. */
export const quantile = (values: ReadonlyArray<number>, q: number): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!
}

/**
 * Runs autocannon against a server for `seconds`. Latencies are collected from every response
 * (autocannon's own histogram keeps whole milliseconds, too coarse for a p99 of a few). Any
 * failed request or non-2xx answer makes the run invalid: a benchmark of errors measures nothing.
 */
export const load = async (options: LoadOptions): Promise<LoadResult> => {
  const latencies: Array<number> = []
  const refused = new Map<number, number>()
  const cpuBefore = cpuMs(options.pid)
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        headers: { "content-type": "application/json", ...options.headers },
        requests: [{ setupRequest: (request) => ({ ...request, ...options.next() }) }]
      },
      (error, result) => (error ? reject(error) : resolve(result))
    )
    instance.on("response", (_client, status, _bytes, responseTime) => {
      latencies.push(responseTime)
      const expected = options.expectedStatus === undefined
        ? status >= 200 && status <= 299
        : status === options.expectedStatus
      if (!expected) refused.set(status, (refused.get(status) ?? 0) + 1)
    })
  })
  if (result.errors > 0 || refused.size > 0 || (options.expectedStatus === undefined && result.non2xx > 0)) {
    const statuses = [...refused].map(([status, count]) => `${count} x ${status}`).join(", ")
    throw new Error(
      `${options.url}: ${result.errors} errors and ${result.non2xx} non-2xx answers (${statuses}) under load`
    )
  }
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p99Ms: quantile(latencies, 0.99),
    requests: result.requests.total,
    cpuMsPerRequest: (cpuMs(options.pid) - cpuBefore) / result.requests.total
  }
}
