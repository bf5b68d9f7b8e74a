import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { decide, decodePatchRequest, linkExpiresAt, linkState, mayTransition } from "../src/index.js"
import { type LifecycleImplementation, lifecycleProperties, verifyLifecycle } from "../src/spec/index.js"

const domain: LifecycleImplementation = { mayTransition, decide, decodePatchRequest, linkState, linkExpiresAt }

describe("the domain against its exported specification (SPEC sections 3 and 4)", () => {
  for (const { name, property } of lifecycleProperties(domain)) it(name, () => fc.assert(property))
})

describe("verifyLifecycle", () => {
  it("reports every property of the domain passed, by name, and none failed", () => {
    const verdict = verifyLifecycle(domain, { numRuns: 10, seed: 1 })
    expect(verdict.failed).toEqual([])
    expect(verdict.passed).toEqual(lifecycleProperties(domain).map((property) => property.name))
  })

  it("runs only the table's properties for an implementation that has nothing else", () => {
    const verdict = verifyLifecycle({ mayTransition }, { numRuns: 10 })
    expect(verdict).toEqual({
      passed: [
        "the table allows exactly the status changes of SPEC section 3, and a change to the same status",
        "every status change follows the SPEC table, and no status outside it is ever reached",
        "archived is terminal",
        "nothing returns to unverified",
        "a request created unverified reaches work_in_progress or fulfilled only after verified",
        "every status can reach archived"
      ],
      failed: []
    })
  })
})
