import { appendFileSync, mkdirSync } from "node:fs"
import { dirname } from "node:path"
import { fileURLToPath } from "node:url"

/** What one reliability test did: loads it held, faults it injected, inputs it tried, and what was lost. */
export interface Tally {
  readonly loads: number
  readonly faults: number
  readonly inputs: number
  /** Answered writes, requests or emails that did not survive, or refused inputs that changed something; must be 0. */
  readonly losses: number
}

/** Where the tests leave their tallies for the summary, one JSON line each. */
export const tallyFile = fileURLToPath(new URL("../../../.reports/reliability-tally.jsonl", import.meta.url))

export const record = (test: string, tally: Partial<Tally>) => {
  mkdirSync(dirname(tallyFile), { recursive: true })
  appendFileSync(tallyFile, `${JSON.stringify({ test, loads: 0, faults: 0, inputs: 0, losses: 0, ...tally })}\n`)
}
