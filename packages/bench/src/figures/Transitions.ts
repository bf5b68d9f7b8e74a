import { lifecycleMachine, mayTransition, type Status, Statuses } from "@dsar/domain"
import { transition } from "xstate"
import type { Plan } from "../Plan.js"
import { type Figure, round } from "../Report.js"

// A refusal travels with its reason, as `decide` sends it: the machine holds back one without.
const refusal = { reason: "exempt" } as const

/** The same question asked of the xstate machine, the way `decide` asks it. */
export const machineTransition = (from: Status, to: Status): boolean =>
  from === to ||
  transition(lifecycleMachine, lifecycleMachine.resolveState({ value: from }), { type: `status.${to}`, refusal })[0]
      .value === to

// One fixed pseudo-random sequence of (from, to) pairs, every pair of statuses among them, the
// same for both candidates. Each loop counts the changes allowed and returns the count, which
// is checked: a result the loop must produce cannot be optimised away.
const PAIRS = 4096
const MASK = PAIRS - 1
const froms: Array<Status> = []
const tos: Array<Status> = []
for (let i = 0, seed = 42; i < PAIRS; i++) {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
  froms.push(Statuses[seed % Statuses.length]!)
  tos.push(Statuses[(seed >>> 8) % Statuses.length]!)
}

// A loop per candidate, so each call site sees one function and can inline it.
const countFast = (n: number) => {
  let allowed = 0
  for (let i = 0; i < n; i++) if (mayTransition(froms[i & MASK]!, tos[i & MASK]!)) allowed++
  return allowed
}
const countMachine = (n: number) => {
  let allowed = 0
  for (let i = 0; i < n; i++) if (machineTransition(froms[i & MASK]!, tos[i & MASK]!)) allowed++
  return allowed
}

const perSecond = (count: (n: number) => number, n: number, expected: number) => {
  const start = process.hrtime.bigint()
  const allowed = count(n)
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  if (allowed !== expected) throw new Error(`the transition checks disagree: ${allowed} allowed, ${expected} expected`)
  return n / seconds
}

/**
 * Checks per second of the table `decide`'s refusals and `mayTransition` read, against asking the
 * xstate machine itself, in turns, the best of each round kept (noise only slows). The machine's
 * own answers set the expected counts: the table is read off it.
 */
export const transitionFigures = (plan: Plan): ReadonlyArray<Figure> => {
  const n = plan.transitionChecks
  const machineN = Math.max(PAIRS, Math.floor(n / 500))
  // The machine's answer for each pair of the sequence, asked once, gives the expected counts.
  const answers = froms.map((from, i) => machineTransition(from, tos[i]!))
  const expectedOf = (count: number) => {
    let allowed = 0
    for (let i = 0; i < count; i++) if (answers[i & MASK]) allowed++
    return allowed
  }
  const expected = expectedOf(n)
  const expectedMachine = expectedOf(machineN)
  const best = { fast: 0, machine: 0 }
  // The first round warms the JIT and is not kept.
  for (let round = 0; round <= 5; round++) {
    const fast = perSecond(countFast, n, expected)
    const machine = perSecond(countMachine, machineN, expectedMachine)
    if (round === 0) continue
    best.fast = Math.max(best.fast, fast)
    best.machine = Math.max(best.machine, machine)
  }
  const millions = (perSecond: number) => `${round(perSecond / 1e6, 1)} M/s`
  return [
    {
      name: "Transition checks, table (`mayTransition`) vs xstate machine (`transition`)",
      measured: `${millions(best.fast)} vs ${round(best.machine / 1e3, 1)} k/s: ${round(best.fast / best.machine)}x`,
      goal: { text: "faster than asking the machine", met: best.fast > best.machine }
    }
  ]
}
