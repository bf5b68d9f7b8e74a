import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  decide,
  decodePatchRequest,
  LifecycleCommand,
  linkExpiresAt,
  linkState,
  mayTransition,
  type Status
} from "../src/index.js"
import { type LifecycleImplementation, verifyLifecycle } from "../src/spec/index.js"

const domain: LifecycleImplementation = { mayTransition, decide, decodePatchRequest, linkState, linkExpiresAt }
const decideRight = domain.decide!.bind(domain)

/** The domain's table with one more change allowed. */
const allowing = (extra: Status, to: Status): LifecycleImplementation => ({
  mayTransition: (f, t) => (f === extra && t === to) || mayTransition(f, t)
})

/** The domain with its `decide` wrapped. */
const deciding = (wrong: NonNullable<LifecycleImplementation["decide"]>): LifecycleImplementation => ({
  ...domain,
  decide: wrong
})

const FAR_FUTURE = new Date(8.64e15)

/** What a shrunk counterexample looks like: the smallest input, or the fewest events. */
type Shrunk = { readonly exactly: unknown } | { readonly events: number }

const eventsIn = (counterexample: unknown): number => {
  const [scenario] = counterexample as [{ readonly commands?: Iterable<unknown> }]
  return scenario.commands === undefined ? Number.POSITIVE_INFINITY : [...scenario.commands].length
}

const wrong: ReadonlyArray<{
  readonly breaks: string
  readonly implementation: LifecycleImplementation
  readonly caughtBy: string
  readonly shrunk: Shrunk
}> = [
  {
    breaks: "a forbidden transition allowed (refused -> verified)",
    implementation: allowing("refused", "verified"),
    caughtBy: "the table allows exactly the status changes of SPEC section 3, and a change to the same status",
    shrunk: { exactly: ["refused", "verified"] }
  },
  {
    breaks: "archived not terminal",
    implementation: allowing("archived", "refused"),
    caughtBy: "archived is terminal",
    shrunk: { exactly: [{ walk: { initial: "archived", targets: ["refused"] } }] }
  },
  {
    breaks: "fulfilment before verification",
    implementation: allowing("unverified", "fulfilled"),
    caughtBy: "a request created unverified reaches work_in_progress or fulfilled only after verified",
    shrunk: { exactly: [{ walk: { initial: "unverified", targets: ["fulfilled"] } }] }
  },
  {
    breaks: "a rejected event that changes the state (a refused PATCH's metadata written into the request)",
    implementation: deciding((state, command, now) => {
      const decided = decideRight(state, command, now)
      if (
        Either.isLeft(decided) && state !== null && command._tag === "Patch" && command.patch.metadata !== undefined
      ) {
        Object.assign(state, { metadata: command.patch.metadata })
      }
      return decided
    }),
    caughtBy: "a rejected event leaves the request and its links exactly as they were",
    shrunk: { events: 3 }
  },
  {
    breaks: "a link usable twice (a used link confirmed as if unused)",
    implementation: deciding((state, command, now) =>
      decideRight(
        state,
        command._tag === "ConfirmLink"
          ? LifecycleCommand.ConfirmLink({ link: { ...command.link, used_at: null } })
          : command,
        now
      )
    ),
    caughtBy: "a link is usable once: it is consumed at most once and a used link is never applied again",
    shrunk: { events: 3 }
  },
  {
    breaks: "an expired link accepted (confirmation ignores expiry)",
    implementation: deciding((state, command, now) =>
      decideRight(
        state,
        command._tag === "ConfirmLink"
          ? LifecycleCommand.ConfirmLink({ link: { ...command.link, expires_at: FAR_FUTURE } })
          : command,
        now
      )
    ),
    caughtBy: "an expired link is never applied",
    shrunk: { events: 3 }
  }
]

describe("verifyLifecycle on implementations that each break one rule", () => {
  for (const { breaks, implementation, caughtBy, shrunk } of wrong) {
    it(`catches ${breaks}, by "${caughtBy}", with a shrunk counterexample`, () => {
      const verdict = verifyLifecycle(implementation, { numRuns: 100, seed: 13 })
      const failure = verdict.failed.find((f) => f.property === caughtBy)
      expect(failure, `failed: ${verdict.failed.map((f) => f.property).join("; ")}`).toMatchObject({
        seed: 13,
        error: expect.any(String)
      })
      if ("exactly" in shrunk) expect(failure!.counterexample).toEqual(shrunk.exactly)
      else {expect(eventsIn(failure!.counterexample), fc.stringify(failure!.counterexample)).toBeLessThanOrEqual(
          shrunk.events
        )}
    })
  }

  it("replays a failure from the seed it reports", () => {
    const implementation = allowing("archived", "refused")
    const first = verifyLifecycle(implementation, { numRuns: 100 }).failed.find((f) =>
      f.property === "archived is terminal"
    )!
    const replayed = verifyLifecycle(implementation, { numRuns: 100, seed: first.seed }).failed.find((f) =>
      f.property === "archived is terminal"
    )
    expect(replayed?.counterexample).toEqual(first.counterexample)
  })
})
