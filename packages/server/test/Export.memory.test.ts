import { PrivacyRequests } from "@dsar/http"
import { Effect } from "effect"
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { expect, it } from "vitest"
import { bin } from "./support/Process.js"
import { insertCopies, newRequest, seedDataDir } from "./support/Seed.js"

// `dsar requests export` streams: it holds one page at a time, so its memory stays flat however
// many requests it writes. A data directory of 100,000 requests is exported as CSV by the built
// command while its resident memory is sampled from /proc. Left to itself on a large machine, V8
// lets garbage pile up to a few hundred megabytes before a full collection, which would hide
// what is kept from what is merely not yet collected; the child's old generation is capped at
// 128 MB, so keeping the rows would run it out of memory, and RSS shows what it really holds.

const COUNT = 100_000
const MB = 1024 * 1024

const residentBytes = (pid: number) => {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))
  return match === null ? undefined : Number(match[1]) * 1024
}

interface Sample {
  readonly rows: number
  readonly rss: number
}

/** Runs the export, counting the CSV lines it writes and sampling its memory every 20 ms. */
const HEAP_CAP = "--max-old-space-size=128"

const exportSampled = (args: ReadonlyArray<string>) =>
  new Promise<
    {
      readonly code: number | null
      readonly rows: number
      readonly samples: ReadonlyArray<Sample>
      readonly stderr: string
    }
  >(
    (resolve) => {
      const child = spawn(process.execPath, [HEAP_CAP, bin, ...args], { stdio: ["ignore", "pipe", "pipe"] })
      const samples: Array<Sample> = []
      let lines = 0
      let stderr = ""
      child.stdout.on("data", (chunk: Buffer) => {
        for (const byte of chunk) if (byte === 10) lines++
      })
      child.stderr.on("data", (chunk) => (stderr += chunk))
      const timer = setInterval(() => {
        const rss = residentBytes(child.pid!)
        if (rss !== undefined) samples.push({ rows: Math.max(0, lines - 1), rss })
      }, 20)
      child.on("close", (code) => {
        clearInterval(timer)
        resolve({ code, rows: lines - 1, samples, stderr })
      })
    }
  )

it(`dsar requests export --format csv writes ${COUNT.toLocaleString("en")} requests with flat memory`, async () => {
  const seeded = await Effect.runPromise(
    seedDataDir(() =>
      Effect.gen(function*() {
        const template = yield* Effect.flatMap(PrivacyRequests, (requests) => requests.create(newRequest()))
        yield* insertCopies(template, COUNT - 1)
      })
    )
  )
  const started = performance.now()
  const run = await exportSampled([
    "requests",
    "export",
    "--format",
    "csv",
    "--data-dir",
    seeded.dataDir,
    "--org",
    seeded.credentials.organization_id
  ])
  const seconds = (performance.now() - started) / 1000
  expect(run.code, run.stderr).toBe(0)
  expect(run.rows).toBe(COUNT)
  expect(run.stderr).toContain(`exported: ${COUNT.toLocaleString("en")} of ${COUNT.toLocaleString("en")}`)

  // Memory rises and falls between collections: peaks are compared with peaks, those while the
  // second tenth is written against those over the second half.
  const peakOver = (from: number, to: number) =>
    Math.max(
      ...run.samples.filter((sample) => sample.rows >= from * COUNT && sample.rows < to * COUNT).map((sample) =>
        sample.rss
      )
    )
  const early = peakOver(0.1, 0.2)
  const late = peakOver(0.5, 1)
  const growth = late - early
  const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`
  console.log(
    `export of ${COUNT.toLocaleString("en")} requests as CSV in ${
      seconds.toFixed(1)
    } s (${run.samples.length} RSS samples): ` +
      `peak RSS ${mb(early)} from 10,000 to 20,000 rows, ${mb(late)} from 50,000 to 100,000 rows: growth ${mb(growth)}`
  )
  expect(Number.isFinite(early) && Number.isFinite(late), "too few samples").toBe(true)
  // Holding every request instead of a page would add hundreds of megabytes, past the heap cap.
  expect(growth).toBeLessThan(16 * MB)
}, 300_000)
