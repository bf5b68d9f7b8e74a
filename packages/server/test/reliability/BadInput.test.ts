import { expect, layer } from "@effect/vitest"
import { Effect, TestServices } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { holds, nothingTried, properties, setUp } from "../support/BadInput.js"
import { SpawnedServer, SpawnedServerTest } from "../support/SpawnedServer.js"
import { record } from "./support/Tally.js"

// The main suite's properties (support/BadInput.ts: no 5xx, every refusal in the error shape,
// nothing stored by a refusal), with many more cases, against a running `dsar serve` on SQLite;
// and the process's memory back to its baseline once the load is over.

const INPUTS = 10_000
const RUNS = Math.ceil(INPUTS / properties.length)
/** Enough for every kind of input (huge, deep, sessions, each refusal) to pass before the baseline. */
const WARM_UP_RUNS = 50
/** A request the server never answers fails its case rather than stalling the run. */
const NO_ANSWER_MS = 15_000
/** About 2 minutes on two idle cores; the rest is for a machine shared with other work. */
const LOAD_TIME_LIMIT_MS = 300_000

/**
 * How far the resident set may end above its baseline. Both are read after full collections, which
 * leave the JavaScript heap within about a MiB of where it was. What grows is native memory that
 * fills up and then stays: up to 200 prepared SQLite statements (the random list queries are many
 * shapes of SQL), SQLite's page cache as the database grows, compiled code; measured at 5 to 12
 * MiB over 2,000 to 10,000 inputs. 24 MiB over 10,000 inputs is 2.4 KiB each: keeping any request's
 * body, or its fiber, or anything else per request, would show.
 */
const TOLERANCE_MIB = 24

/** Lets the test ask the server for a full collection with SIGUSR2. */
const collectOnSignal = [
  "--expose-gc",
  "--import",
  fileURLToPath(new URL("./support/CollectGarbageOnSignal.mjs", import.meta.url))
]

/** The process's resident set, in MiB, as the kernel counts it. */
const rssOf = (pid: number) =>
  Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024

/** The resident set once idle and collected; collections are repeated, as each returns some more of the heap. */
const settledRss = (pid: number) =>
  Effect.gen(function*() {
    for (let i = 0; i < 3; i++) {
      process.kill(pid, "SIGUSR2")
      yield* TestServices.provideLive(Effect.sleep("1 second"))
    }
    return rssOf(pid)
  })

layer(SpawnedServerTest(collectOnSignal), { timeout: 60_000 })("hostile input against a running server", (it) => {
  it.effect(
    "10,000 generated requests: no 5xx, nothing stored by a refusal, memory back to its baseline",
    () => {
      const tried = nothingTried()
      return Effect.gen(function*() {
        const pid = (yield* SpawnedServer).child.pid!
        // A pair of organisations per property, so the properties run side by side without one's
        // accepted requests looking like another's refusal changing something; set up one after the
        // other, since `dsar orgs create` writes to the database the server writes to.
        const contexts = yield* Effect.forEach(properties, () => setUp)
        const run = (
          numRuns: number,
          limits: Pick<Parameters<typeof holds>[2], "interruptAfterTimeLimit" | "markInterruptAsFailure">
        ) =>
          Effect.forEach(
            properties,
            ({ title, cases }, i) =>
              Effect.gen(function*() {
                const started = Date.now()
                const inputs = yield* holds(contexts[i]!, cases, { numRuns, timeout: NO_ANSWER_MS, ...limits }, tried)
                return `  ${title}: ${inputs} in ${((Date.now() - started) / 1000).toFixed(1)} s`
              }),
            { concurrency: "unbounded" }
          )

        yield* run(WARM_UP_RUNS, {})
        const warmUp = tried.inputs
        const baseline = yield* settledRss(pid)
        const started = Date.now()
        const perProperty = yield* run(RUNS, {
          interruptAfterTimeLimit: LOAD_TIME_LIMIT_MS,
          markInterruptAsFailure: true
        })
        const seconds = (Date.now() - started) / 1000
        const load = tried.inputs - warmUp
        const after = yield* settledRss(pid)

        console.log(
          [
            `bad input: ${load} generated requests in ${
              seconds.toFixed(1)
            } s, after ${warmUp} to warm up; ${tried.losses} refusals changed something`,
            ...perProperty,
            `server RSS after full collections: ${baseline.toFixed(1)} MiB after the warm-up, ${
              after.toFixed(1)
            } MiB after the load ` +
            `(${after >= baseline ? "+" : ""}${(after - baseline).toFixed(1)} MiB, tolerance ${TOLERANCE_MIB} MiB)`
          ].join("\n")
        )
        expect(load).toBeGreaterThanOrEqual(INPUTS)
        expect(tried.losses).toBe(0)
        expect(after, "the server's memory did not come back to its baseline").toBeLessThanOrEqual(
          baseline + TOLERANCE_MIB
        )
      }).pipe(
        Effect.ensuring(
          Effect.sync(() => record("bad input", { loads: 1, inputs: tried.inputs, losses: tried.losses }))
        )
      )
    },
    420_000
  )
})
