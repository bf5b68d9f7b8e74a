import { LocalPrivacyRequests } from "@dsar/adapters"
import { InMemoryStores } from "@dsar/adapters/memory"
import { PrivacyRequests, type PrivacyRequestsShape } from "@dsar/http"
import { Effect, Layer, type Scope } from "effect"
import { describe, expect, test } from "vitest"
import { Properties, runConformance } from "../src/index.js"

const organization = (name: string) =>
  LocalPrivacyRequests.withNewOrganization({
    organization: { name, default_redirect_url: "https://example.org/thanks" }
  }).pipe(
    Layer.orDie
  )

/** Two organisations' clients on one set of in-memory stores: built once, provided to both. */
const pair = Effect.map(Layer.build(InMemoryStores.layer), (stores) => ({
  subject: organization("Subject").pipe(Layer.provide(Layer.succeedContext(stores))),
  other: organization("Other").pipe(Layer.provide(Layer.succeedContext(stores)))
}))

const run = <A, E>(effect: Effect.Effect<A, E, Scope.Scope>) => Effect.runPromise(Effect.scoped(effect))

/** The subject with one method replaced: an implementation that breaks one rule. */
const broken = (
  subject: Layer.Layer<PrivacyRequests>,
  change: (real: PrivacyRequestsShape) => Partial<PrivacyRequestsShape>
) =>
  Layer.effect(PrivacyRequests, Effect.map(PrivacyRequests, (real) => ({ ...real, ...change(real) }))).pipe(
    Layer.provide(subject)
  )

describe("the in-process implementation on in-memory stores", () => {
  test("passes every property, isolation included", async () => {
    const report = await run(Effect.flatMap(pair, (layers) => runConformance({ ...layers, numRuns: 15 })))
    expect(report.failed).toEqual([])
    expect(report.passed).toEqual(Properties.map((property) => property.name))
  })

  test("without a second organisation, isolation is skipped and said so", async () => {
    const report = await run(Effect.flatMap(pair, ({ subject }) => runConformance({ subject, numRuns: 5 })))
    expect(report.skipped.map((skip) => skip.property)).toEqual([
      "another organisation's request is not found, and nothing it attempts changes it"
    ])
  })
})

describe("an implementation that breaks a rule is caught by the property stating it", () => {
  const caught = async (change: (real: PrivacyRequestsShape) => Partial<PrivacyRequestsShape>) => {
    const report = await run(
      Effect.flatMap(
        pair,
        ({ subject, other }) => runConformance({ subject: broken(subject, change), other, numRuns: 25, seed: 42 })
      )
    )
    return report.failed
  }

  test("notes listed newest first", async () => {
    const failed = await caught((real) => ({
      listNotes: (id) => Effect.map(real.listNotes(id), (notes) => [...notes].reverse())
    }))
    expect(failed.map((failure) => failure.property)).toEqual(["notes read back exactly as added, oldest first"])
    expect(failed[0]!.counterexample).toContain("AddNote")
    expect(failed[0]!.seed).toBe(42)
  })
})
