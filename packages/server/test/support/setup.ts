import fc from "fast-check"

// Every property runs at least 200 generated cases; FC_NUM_RUNS raises it, FC_SEED replays a run.
const numRuns = Math.max(200, Number(process.env.FC_NUM_RUNS ?? 200))
const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED)
fc.configureGlobal(seed === undefined ? { numRuns } : { numRuns, seed })
