import { lifecycleMachine, mayTransition, type Status, Statuses } from "@dsar/domain"
import { transition } from "xstate"
import type { Plan } from "../Plan.js"
import { type Figure, round } from "../Report.js"

/** The lifecycle's status changes written out by hand: what the fast path is held against. */
export const switchTransition = (from: Status, to: Status): boolean => {
  if (from === to) return true
  switch (from) {
    case "unverified":
      return to === "verified" || to === "refused" || to === "archived"
    case "verified":
      return to === "work_in_progress" || to === "fulfilled" || to === "refused" || to === "archived"
    case "work_in_progress":
      return to === "fulfilled" || to === "refused" || to === "archived"
    case "fulfilled":
    case "refused":
      return to === "archived"
    case "archived":
      return false
  }
}

/** The same question asked of the xstate machine, the way `decide` asks it. */
export const machineTransition = (from: Status, to: Status): boolean =>
  from === to || transition(lifecycleMachine, lifecycleMachine.resolveState({ value: from }), { type: `status.${to}` })[0].value === to

// One fixed pseudo-random sequence of (from, to) pairs, every pair of statuses among them, the
// same for the three candidates. Each loop counts the changes allowed and returns the count, which
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
const countSwitch = (n: number) => {
  let allowed = 0
  for (let i = 0; i < n; i++) if (switchTransition(froms[i & MASK]!, tos[i & MASK]!)) allowed++
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
  if (allowed !== expected) throw new Error(`a transition check disagrees with the switch: ${allowed} allowed, ${expected} expected`)
  return n / seconds
}

/** Checks per second of the three, in turns, the best of each round kept (noise only slows). */
export const transitionFigures = (plan: Plan): ReadonlyArray<Figure> => {
  const n = plan.transitionChecks
  const machineN = Math.max(PAIRS, Math.floor(n / 500))
  const expected = countSwitch(n)
  const expectedMachine = countSwitch(machineN)
  const best = { fast: 0, switch: 0, machine: 0 }
  // The first round warms the JIT and is not kept.
  for (let round = 0; round <= 5; round++) {
    const fast = perSecond(countFast, n, expected)
    const hand = perSecond(countSwitch, n, expected)
    const machine = perSecond(countMachine, machineN, expectedMachine)
    if (round === 0) continue
    best.fast = Math.max(best.fast, fast)
    best.switch = Math.max(best.switch, hand)
    best.machine = Math.max(best.machine, machine)
  }
  const millions = (perSecond: number) => `${round(perSecond / 1e6, 1)} M/s`
  return [
    {
      name: "Transition checks, fast path (`mayTransition`)",
      measured: `${millions(best.fast)} vs hand-written switch ${millions(best.switch)}: ${round(best.fast / best.switch)}x`,
      goal: { text: ">= 0.8x the switch", met: best.fast / best.switch >= 0.8 }
    },
    {
      name: "Transition checks, xstate machine (`transition`)",
      measured: `${round(best.machine / 1e3, 1)} k/s vs hand-written switch ${millions(best.switch)}: ${round(best.machine / best.switch, 4)}x`
    }
  ]
}
