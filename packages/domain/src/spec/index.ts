import fc from "fast-check"
import type { LifecycleImplementation } from "./Implementation.js"
import { lifecycleProperties } from "./Properties.js"

export * as Arbitraries from "./Arbitraries.js"
export { SpecViolation } from "./Check.js"
export { lifecycleCommands, type Model, modelOf, type Scenario, scenario } from "./Commands.js"
export type { LifecycleImplementation } from "./Implementation.js"
export { lifecycleProperties, type SpecProperty } from "./Properties.js"
export {
  changesOf,
  DEFAULT_REDIRECT,
  effectsOf,
  refused,
  Simulation,
  type Snapshot,
  statusesOver,
  type Step,
  type StoredLink
} from "./Simulation.js"
export { NotifiedStatuses, patchTo, specAllows, specAllowsLink, SpecRefusal, SpecTable } from "./SpecTable.js"

export interface VerifyOptions {
  /** Generated cases per property (fast-check's default, 100, when not given). */
  readonly numRuns?: number
  /** Replays a run: the `seed` a failure reports. */
  readonly seed?: number
}

export interface Failure {
  readonly property: string
  /** The smallest input found that breaks the rule, after shrinking. */
  readonly counterexample: unknown
  readonly seed: number
  /** Why it breaks the rule. */
  readonly error: string
}

export interface Verdict {
  readonly passed: ReadonlyArray<string>
  readonly failed: ReadonlyArray<Failure>
}

/**
 * Runs every lifecycle and link property of SPEC sections 3 and 4 that the implementation's parts
 * allow, and reports each by name; a failure carries its shrunk counterexample and the seed that
 * replays it. Never throws for a broken rule.
 */
export const verifyLifecycle = (implementation: LifecycleImplementation, options: VerifyOptions = {}): Verdict => {
  const passed: Array<string> = []
  const failed: Array<Failure> = []
  const parameters = {
    ...(options.numRuns === undefined ? {} : { numRuns: options.numRuns }),
    ...(options.seed === undefined ? {} : { seed: options.seed })
  }
  for (const { name, property } of lifecycleProperties(implementation)) {
    const details = fc.check(property, parameters)
    if (!details.failed) passed.push(name)
    else {
      failed.push({
        property: name,
        counterexample: details.counterexample,
        seed: details.seed,
        error: details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
      })
    }
  }
  return { passed, failed }
}
