import { test } from "@fast-check/vitest"
import { Arbitrary, Either } from "effect"
import fc from "fast-check"
import { describe, expect } from "vitest"
import { decide, EditableFields, LifecycleCommand, nextRequest, Request, requestState, Statuses } from "../src/index.js"

const request = Arbitrary.make(Request)
const instant = fc.date({ min: new Date("2020-01-01T00:00:00.000Z"), max: new Date("2030-01-01T00:00:00.000Z") })
const patch = fc.record(
  {
    status: fc.constantFrom(...Statuses),
    metadata: fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.string({ maxLength: 4 }), fc.integer()))
  },
  { requiredKeys: [] }
)

describe("the request a decision hands back", () => {
  test.prop([request, patch, instant])(
    "is the stored request with the decided fields and updated_at = now, the same request when nothing changed",
    (stored, body, now) => {
      const decided = decide(requestState(stored), LifecycleCommand.Patch({ patch: body }), now)
      fc.pre(Either.isRight(decided))
      const decision = Either.getOrThrow(decided)
      const next = nextRequest(stored, decision, now)
      if (decision.changes.length === 0) {
        expect(next).toBe(stored)
      } else {
        const decidedFields = Object.fromEntries(EditableFields.map((field) => [field, decision.state[field]]))
        expect(next).toEqual({ ...stored, ...decidedFields, updated_at: now })
      }
    }
  )
})
