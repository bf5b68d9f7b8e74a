import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import fc from "fast-check"
import { holds, nothingTried, properties, setUp } from "./support/BadInput.js"
import { TestApp } from "./support/TestApp.js"

// Whatever arrives, the server answers a 4xx in the error shape or a 2xx, never a 5xx, and a refused
// request stores nothing (the inputs and the property: support/BadInput.ts). Each property runs at
// least 200 cases (FC_NUM_RUNS raises it) and is bounded in time. The reliability suite runs the
// same properties, many more cases, against a spawned `dsar serve`.

const TIME_LIMIT_MS = 8_000
/** A request never answered fails its case; without this the time limit would end the run quietly. */
const NO_ANSWER_MS = 4_000
const TEST_TIMEOUT_MS = 30_000

// Not checked against the document: these cases deliberately send what it does not describe.
layer(TestApp({ cheapHashing: true, checkAnswers: false }))(
  "the server never answers 5xx, and a refusal is shaped and stores nothing",
  (it) => {
    for (const { title, cases } of properties) {
      it.effect(
        title,
        () =>
          Effect.gen(function*() {
            expect(fc.readConfigureGlobal().numRuns ?? 100).toBeGreaterThanOrEqual(200)
            const ctx = yield* setUp
            yield* holds(ctx, cases, {
              interruptAfterTimeLimit: TIME_LIMIT_MS,
              markInterruptAsFailure: false,
              timeout: NO_ANSWER_MS
            }, nothingTried())
          }),
        TEST_TIMEOUT_MS
      )
    }
  }
)
