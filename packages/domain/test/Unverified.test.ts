import { test } from "@fast-check/vitest"
import { Duration, Either } from "effect"
import fc from "fast-check"
import { describe, expect } from "vitest"
import {
  closesAt,
  closingCutoff,
  reminderCutoff,
  type Status,
  Statuses,
  unverifiedFollowUp,
  type UnverifiedPolicy,
  unverifiedPolicy
} from "../src/index.js"

const DAY = 86_400_000
const status = fc.constantFrom(...Statuses)
const instant = fc.date({ min: new Date("2020-01-01T00:00:00.000Z"), max: new Date("2030-01-01T00:00:00.000Z") })
/** A policy: a reminder after 1 to 60 days, the closing 1 to 90 days after that. */
const policy: fc.Arbitrary<UnverifiedPolicy> = fc
  .tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 90 }))
  .map(([remind, more]) => ({ remind_after: Duration.days(remind), close_after: Duration.days(remind + more) }))
const age = fc.integer({ min: 0, max: 200 * DAY })

const ageOf = (now: Date, ms: number) => new Date(now.getTime() - ms)

describe("requests nobody confirms", () => {
  test.prop([status, fc.boolean(), policy, instant, age])(
    "a request that is not unverified is never reminded nor closed",
    (s, reminded, p, now, ms) => {
      fc.pre(s !== "unverified")
      expect(unverifiedFollowUp({ status: s, created_at: ageOf(now, ms) }, reminded, p, now)).toBe("none")
    }
  )

  test.prop([fc.boolean(), policy, instant, age])(
    "nothing happens to an unverified request before its reminder delay",
    (reminded, p, now, ms) => {
      fc.pre(ms < Duration.toMillis(p.remind_after))
      expect(unverifiedFollowUp({ status: "unverified", created_at: ageOf(now, ms) }, reminded, p, now)).toBe("none")
    }
  )

  test.prop([policy, instant, age])(
    "an unverified request is reminded once: from its reminder delay on until it is closed, and never again",
    (p, now, ms) => {
      fc.pre(ms >= Duration.toMillis(p.remind_after) && ms < Duration.toMillis(p.close_after))
      const request = { status: "unverified" as Status, created_at: ageOf(now, ms) }
      expect(unverifiedFollowUp(request, false, p, now)).toBe("remind")
      expect(unverifiedFollowUp(request, true, p, now)).toBe("none")
    }
  )

  test.prop([fc.boolean(), policy, instant, age])(
    "an unverified request is closed from its closing delay on, reminded or not (a late reminder is skipped)",
    (reminded, p, now, ms) => {
      fc.pre(ms >= Duration.toMillis(p.close_after))
      expect(unverifiedFollowUp({ status: "unverified", created_at: ageOf(now, ms) }, reminded, p, now)).toBe("close")
    }
  )

  test.prop([policy, instant])(
    "the reminder says when the request closes: exactly the instant from which it is due to be closed",
    (p, created_at) => {
      const closing = closesAt(created_at, p)
      const request = { status: "unverified" as Status, created_at }
      expect(unverifiedFollowUp(request, true, p, closing)).toBe("close")
      expect(unverifiedFollowUp(request, true, p, new Date(closing.getTime() - 1))).toBe("none")
      expect(closingCutoff(closing, p)).toEqual(created_at)
    }
  )

  test.prop([policy, instant])(
    "a store's listing finds what is due: received at or before the cutoffs, the closing one earlier",
    (p, now) => {
      expect(reminderCutoff(now, p).getTime()).toBe(now.getTime() - Duration.toMillis(p.remind_after))
      expect(closingCutoff(now, p).getTime()).toBeLessThan(reminderCutoff(now, p).getTime())
    }
  )

  test.prop([fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 90 })])(
    "a policy reminds before it closes, after a positive delay",
    (remind, close) => {
      const made = unverifiedPolicy(Duration.days(remind), Duration.days(close))
      expect(Either.isRight(made)).toBe(remind > 0 && remind < close)
    }
  )
})
