import { build } from "esbuild"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import type { Plan } from "../Plan.js"
import { type Figure, round } from "../Report.js"

const run = promisify(execFile)
// Specifiers resolve from inside the bench package, as an application depending on the domain resolves them.
const packageDir = fileURLToPath(new URL(".", import.meta.url))

/** Bytes of a minified ESM bundle of `source`, everything it imports included. */
export const bundleBytes = async (source: string): Promise<number> => {
  const result = await build({
    stdin: { contents: source, resolveDir: packageDir, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    write: false,
    logLevel: "silent"
  })
  return result.outputFiles.reduce((bytes, file) => bytes + file.contents.byteLength, 0)
}

/**
 * CPU seconds (user + system) a fresh Node process spends in `await import(specifier)`, the
 * median of `runs` processes: the process's own start-up is outside the measured span.
 */
export const importCpuSeconds = async (specifier: string, runs: number): Promise<number> => {
  const script = [
    "const before = process.cpuUsage()",
    `await import(${JSON.stringify(specifier)})`,
    "const used = process.cpuUsage(before)",
    "console.log(used.user + used.system)"
  ].join("\n")
  const samples: Array<number> = []
  for (let i = 0; i < runs; i++) {
    const { stdout } = await run(process.execPath, ["--input-type=module", "--eval", script], { cwd: packageDir })
    samples.push(Number(stdout.trim()) / 1e6)
  }
  samples.sort((a, b) => a - b)
  return samples[Math.floor(samples.length / 2)]!
}

const kilobytes = (bytes: number) => `${round(bytes / 1024, 1)} KB`
const seconds = (value: number) => `${round(value, 3)} s`

/**
 * What `mayTransition` costs an application that only asks "may X go to Y?": the bundle it adds
 * and the CPU its import takes, from the dependency-free lifecycle entry, beside `decide` and the
 * main entry (effect, xstate and the schemas) and a bare `import("effect")`, measured in the same run.
 */
export const importCostFigures = async (plan: Plan): Promise<ReadonlyArray<Figure>> => {
  const lifecycleBundle = await bundleBytes(
    `import { mayTransition } from "@dsar/domain/lifecycle"\nconsole.log(mayTransition)`
  )
  const decideBundle = await bundleBytes(`import { decide } from "@dsar/domain"\nconsole.log(decide)`)
  const lifecycleCpu = await importCpuSeconds("@dsar/domain/lifecycle", plan.importRuns)
  const mainCpu = await importCpuSeconds("@dsar/domain", plan.importRuns)
  const effectCpu = await importCpuSeconds("effect", plan.importRuns)
  return [
    {
      name: "Minified bundle of `mayTransition` from `@dsar/domain/lifecycle` (vs of `decide`, with effect and xstate)",
      measured: `${kilobytes(lifecycleBundle)} (vs ${kilobytes(decideBundle)})`,
      goal: { text: "<= 20 KB", met: lifecycleBundle <= 20 * 1024 }
    },
    {
      name: "CPU of importing `@dsar/domain/lifecycle` (vs `@dsar/domain`, bare `effect`), median of fresh processes",
      measured: `${seconds(lifecycleCpu)} (vs ${seconds(mainCpu)}, ${seconds(effectCpu)})`,
      goal: { text: "<= 0.1 s", met: lifecycleCpu <= 0.1 }
    }
  ]
}
