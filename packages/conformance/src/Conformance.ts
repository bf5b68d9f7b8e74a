import { type Metadata, servedDeadline } from "@dsar/domain"
import { PrivacyRequests, type PrivacyRequestsError } from "@dsar/http"
import { Effect, Layer, Option } from "effect"
import fc from "fast-check"
import type { Real } from "./Commands.js"
import { emptyModel } from "./Model.js"
import { type ConformanceProperty, Properties } from "./Properties.js"
import { Wire } from "./Wire.js"

export interface ConformanceOptions<E = never> {
  /** The implementation under test: an organisation's `PrivacyRequests`, in process or over HTTP. */
  readonly subject: Layer.Layer<PrivacyRequests, E>
  /** A second organisation's, on the same system: tenant isolation is checked only with it. */
  readonly other?: Layer.Layer<PrivacyRequests, E>
  /**
   * The same API as raw HTTP (`Wire.layer`), when the subject is a server: a typed client refuses
   * a PATCH naming a non-editable property itself, so only this shows the server refusing it.
   */
  readonly wire?: Layer.Layer<Wire, E>
  /** Command sequences per property. Default 25. */
  readonly numRuns?: number
  /** Replays a run: the seed a failure printed. Default: a fresh one. */
  readonly seed?: number
  /** Where the links the kit creates redirect to: on a domain the organisation allows. Default `https://example.org/dsar-conformance`. */
  readonly redirectUrl?: string
  /** Marks the run's requests (`metadata.dsar_conformance`) and its end-user ids. Default: a fresh id. */
  readonly runId?: string
  /** Told of each property's verdict as soon as it is known. */
  readonly onResult?: (result: PropertyResult) => Effect.Effect<void>
}

export interface Failure {
  readonly property: string
  /** The shrunk command sequence that breaks the rule. */
  readonly counterexample: string
  /** What the API answered against the model. */
  readonly error: string
  /** With the same `numRuns`, replays the run. */
  readonly seed: number
}

export type PropertyResult =
  | { readonly _tag: "Passed"; readonly property: string }
  | ({ readonly _tag: "Failed" } & Failure)
  | { readonly _tag: "Skipped"; readonly property: string; readonly reason: string }

export interface ConformanceReport {
  readonly runId: string
  readonly seed: number
  readonly passed: ReadonlyArray<string>
  readonly failed: ReadonlyArray<Failure>
  readonly skipped: ReadonlyArray<{ readonly property: string; readonly reason: string }>
}

/** The metadata key marking a request as created by the kit; its value is the run's id. */
export const MarkerKey = "dsar_conformance"

const freshRunId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error))

const checkProperty = (
  property: ConformanceProperty,
  base: Omit<Real, "users" | "othersRequests">,
  nextSequence: () => number,
  numRuns: number,
  seed: number
) => {
  // Every sequence, shrinking's replays included, has end-users of its own: listings see only its requests.
  const setup = () => {
    const prefix = `dsar-conformance-${String(base.marker[MarkerKey])}-${nextSequence()}`
    return {
      model: emptyModel(),
      real: { ...base, users: [`${prefix}-a`, `${prefix}-b`] as const, othersRequests: [] }
    }
  }
  return Effect.promise(() =>
    fc.check(
      fc.asyncProperty(fc.commands([...property.commands], { maxCommands: 10 }), (commands) =>
        fc.asyncModelRun(setup, commands)),
      { numRuns, seed }
    )
  ).pipe(
    Effect.map((details): PropertyResult => {
      if (!details.failed) return { _tag: "Passed", property: property.name }
      const counterexample = details.counterexample === null ? "" : String(details.counterexample[0])
      return { _tag: "Failed", property: property.name, counterexample, error: errorText(details.errorInstance), seed }
    })
  )
}

/**
 * Checks an implementation of `PrivacyRequests` against a model of the specification, one
 * property per rule, each over `numRuns` random command sequences. It creates requests (marked
 * in `metadata` with the run's id, for end-users whose ids are unique to the run) and touches no
 * other: safe against a live API.
 */
export const runConformance = <E>(
  options: ConformanceOptions<E>
): Effect.Effect<ConformanceReport, E | PrivacyRequestsError> =>
  Effect.scoped(
    Effect.gen(function*() {
      const runId = options.runId ?? freshRunId()
      const seed = options.seed ?? (Math.random() * 0x7fffffff) | 0
      const numRuns = options.numRuns ?? 25
      const api = yield* Effect.provide(PrivacyRequests, yield* Layer.build(options.subject))
      const other = options.other === undefined
        ? Option.none()
        : Option.some(yield* Effect.provide(PrivacyRequests, yield* Layer.build(options.other)))
      const wire = options.wire === undefined
        ? undefined
        : yield* Effect.provide(Wire, yield* Layer.build(options.wire))
      // The first call: wrong credentials or an unreachable API end the run here, not in every property.
      const rights = yield* api.rights
      const marker: Metadata = { [MarkerKey]: runId }
      const base = {
        subject: api,
        other: Option.getOrUndefined(other),
        wire,
        marker,
        redirectUrl: options.redirectUrl ?? "https://example.org/dsar-conformance",
        deadlines: new Map(rights.map((right) => [right.id, servedDeadline(right)]))
      }
      const passed: Array<string> = []
      const failed: Array<Failure> = []
      const skipped: Array<{ property: string; reason: string }> = []
      let sequence = 0
      const nextSequence = () => (sequence += 1)
      for (const property of Properties) {
        const result: PropertyResult = property.needsOther === true && Option.isNone(other)
          ? { _tag: "Skipped", property: property.name, reason: "needs a second organisation's credentials" }
          : yield* checkProperty(property, base, nextSequence, numRuns, seed)
        if (result._tag === "Passed") passed.push(result.property)
        else if (result._tag === "Skipped") skipped.push({ property: result.property, reason: result.reason })
        else {
          const { _tag, ...failure } = result
          failed.push(failure)
        }
        if (options.onResult) yield* options.onResult(result)
      }
      return { runId, seed, passed, failed, skipped }
    })
  )
