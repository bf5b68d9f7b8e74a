import { bin } from "@dsar/server/test-support/process"
import { spawn } from "node:child_process"
import { statSync } from "node:fs"
import { join } from "node:path"
import { rssMb } from "../Proc.js"
import { type Figure, round } from "../Report.js"
import type { BenchServer } from "../Servers.js"

// `dsar requests export` of every stored request through the API (issue 18): its pages are walked
// by cursor, so each tenth of the file should take as long as any other, and the exporter's memory
// should not grow with what it has written. The first tenth also pays the process's start and the
// session, so the steady pace is compared from the second tenth on.
const TIME_GOAL = 1.5
const MEMORY_GOAL = 1.1
const SAMPLE_MS = 100

interface Sample {
  readonly atMs: number
  readonly bytes: number
  readonly exporterMb: number
  readonly serverMb: number
}

const fileBytes = (file: string) => {
  try {
    return statSync(file).size
  } catch {
    return 0
  }
}

/** Runs the export to a file beside the data, sampling its size and both processes' RSS. */
const sampledExport = (server: BenchServer, directory: string) =>
  new Promise<{ readonly samples: ReadonlyArray<Sample>; readonly seconds: number; readonly stderr: string }>(
    (resolve, reject) => {
      const file = join(directory, "export.csv")
      const credentials = server.credentials!
      const started = performance.now()
      const child = spawn(
        process.execPath,
        [
          bin,
          ...["requests", "export", "--format", "csv", "--output", file],
          ...["--url", server.url, "--key", credentials.key, "--secret", credentials.secret]
        ],
        { env: { PATH: process.env.PATH ?? "" }, stdio: ["ignore", "ignore", "pipe"] }
      )
      const samples: Array<Sample> = []
      const sample = () => {
        const exporterMb = rssMb(child.pid!)
        if (Number.isNaN(exporterMb)) return
        samples.push({
          atMs: performance.now() - started,
          bytes: fileBytes(file),
          exporterMb,
          serverMb: rssMb(server.running.child.pid!)
        })
      }
      const timer = setInterval(sample, SAMPLE_MS)
      let stderr = ""
      child.stderr.on("data", (chunk) => (stderr += chunk))
      child.on("error", reject)
      child.on("close", (code) => {
        clearInterval(timer)
        const seconds = (performance.now() - started) / 1000
        if (code !== 0) reject(new Error(`dsar requests export exited with ${code}:\n${stderr}`))
        else {resolve({
            samples: [...samples, { ...samples.at(-1)!, atMs: seconds * 1000, bytes: fileBytes(file) }],
            seconds,
            stderr
          })}
      })
    }
  )

/** When the file first held at least `share` of its final size. */
const reached = (samples: ReadonlyArray<Sample>, share: number) => {
  const total = samples.at(-1)!.bytes
  return samples.find((s) => s.bytes >= total * share)!.atMs
}

const peak = (samples: ReadonlyArray<Sample>, pick: (s: Sample) => number) => Math.max(...samples.map(pick))

export const exportFigures = async (
  server: BenchServer,
  directory: string,
  rows: number
): Promise<ReadonlyArray<Figure>> => {
  const { samples, seconds, stderr } = await sampledExport(server, directory)
  // The progress' last line, `exported: N of TOTAL`: every stored request, none twice.
  const last = /exported: ([\d,]+) of ([\d,]+)\s*$/.exec(stderr)
  const [done, total] = [last?.[1], last?.[2]].map((n) => Number(n?.replaceAll(",", "")))
  if (done !== total || !(total! >= rows)) {
    throw new Error(`dsar requests export did not write the ${rows} stored requests:\n${stderr.slice(-500)}`)
  }
  const bytes = samples.at(-1)!.bytes
  const secondTenth = reached(samples, 0.2) - reached(samples, 0.1)
  const lastTenth = samples.at(-1)!.atMs - reached(samples, 0.9)
  const half = reached(samples, 0.5)
  const firstHalf = samples.filter((s) => s.atMs <= half)
  const secondHalf = samples.filter((s) => s.atMs > half)
  const growth = peak(secondHalf, (s) => s.exporterMb) / peak(firstHalf, (s) => s.exporterMb)
  const count = rows.toLocaleString("en-US")
  return [
    {
      name: `dsar requests export --format csv of ${count} stored, through the API`,
      measured: `${round(seconds, 1)} s (${Math.round(total! / seconds).toLocaleString("en-US")} requests/s, ${
        round(bytes / 2 ** 20, 0)
      } MB of CSV); the last tenth of the file took ${round(lastTenth / secondTenth)}x the second tenth`,
      goal: { text: `<= ${TIME_GOAL}x`, met: lastTenth / secondTenth <= TIME_GOAL }
    },
    {
      name: `Memory of that export: the exporter's RSS peak in the second half vs the first`,
      measured: `${round(peak(secondHalf, (s) => s.exporterMb), 0)} MB vs ${
        round(peak(firstHalf, (s) => s.exporterMb), 0)
      } MB: ${round(growth)}x (the server's peak ${round(peak(samples, (s) => s.serverMb), 0)} MB)`,
      goal: { text: `<= ${MEMORY_GOAL}x`, met: growth <= MEMORY_GOAL }
    }
  ]
}
