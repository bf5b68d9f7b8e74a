import { test } from "@fast-check/vitest"
import fc from "fast-check"
import { describe, expect } from "vitest"
import {
  countdown,
  countdownText,
  countPerWeek,
  isOverdue,
  median,
  medianTimeToClose,
  recentWeeks,
  type Status,
  Statuses,
  timeToClose,
  weekStartOf
} from "../src/index.js"

const DAY = 86_400_000
const instant = fc.date({ min: new Date("2020-01-01T00:00:00.000Z"), max: new Date("2030-01-01T00:00:00.000Z") })
const status = fc.constantFrom(...Statuses)
// Written out by hand: a request closed is fulfilled, refused or archived; answered, fulfilled or refused.
const Closed: ReadonlyArray<Status> = ["fulfilled", "refused", "archived"]
const Answered: ReadonlyArray<Status> = ["fulfilled", "refused"]

describe("the weeks of the dashboard's chart", () => {
  test.prop([instant])("a week starts on a Monday at midnight UTC, at most seven days before the instant", (at) => {
    const start = weekStartOf(at)
    expect(start.getUTCDay()).toBe(1)
    expect(start.getTime() % DAY).toBe(0)
    expect(at.getTime() - start.getTime()).toBeGreaterThanOrEqual(0)
    expect(at.getTime() - start.getTime()).toBeLessThan(7 * DAY)
  })

  test.prop([instant, fc.integer({ min: 1, max: 60 })])(
    "the recent weeks follow each other without gap or overlap, seven days each, the last holding now",
    (now, count) => {
      const weeks = recentWeeks(now, count)
      expect(weeks).toHaveLength(count)
      weeks.forEach((week, i) => {
        expect(week.to.getTime() - week.from.getTime()).toBe(7 * DAY)
        if (i > 0) expect(week.from).toEqual(weeks[i - 1]!.to)
      })
      const last = weeks[count - 1]!
      expect(now.getTime() >= last.from.getTime() && now.getTime() < last.to.getTime()).toBe(true)
    }
  )

  test.prop([instant, fc.integer({ min: 1, max: 20 }), fc.array(instant, { maxLength: 50 })])(
    "every instant within the weeks is counted in exactly one week, and none outside them",
    (now, count, instants) => {
      const weeks = recentWeeks(now, count)
      const within = instants.filter((at) => at >= weeks[0]!.from && at < weeks[count - 1]!.to)
      expect(countPerWeek(instants, weeks).reduce((a, b) => a + b, 0)).toBe(within.length)
    }
  )
})

describe("the median time to close", () => {
  test.prop([fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 60 })])(
    "the median has at least half the values at or below it and at least half at or above it",
    (values) => {
      const m = median(values)!
      expect(values.filter((v) => v <= m).length * 2).toBeGreaterThanOrEqual(values.length)
      expect(values.filter((v) => v >= m).length * 2).toBeGreaterThanOrEqual(values.length)
    }
  )

  test.prop([fc.array(fc.integer({ min: 0, max: 1e9 }), { maxLength: 30 })])(
    "the median does not depend on the order of the values",
    (values) => {
      expect(median([...values].reverse())).toBe(median(values))
    }
  )

  test.prop([status, instant, fc.integer({ min: 0, max: 400 * DAY })])(
    "an answered request took from its receipt to its last change; any other has no time to close",
    (s, created_at, took) => {
      const request = { status: s, created_at, updated_at: new Date(created_at.getTime() + took) }
      expect(timeToClose(request)).toBe(Answered.includes(s) ? took : null)
    }
  )

  test.prop([fc.array(fc.tuple(status, instant, fc.integer({ min: 0, max: 90 * DAY })), { maxLength: 30 })])(
    "only answered requests count in the median time to close, and without one there is none",
    (rows) => {
      const requests = rows.map(([s, created_at, took]) => ({
        status: s,
        created_at,
        updated_at: new Date(created_at.getTime() + took)
      }))
      const closed = requests.filter((r) => Answered.includes(r.status))
      expect(medianTimeToClose(requests)).toBe(
        closed.length === 0 ? null : median(closed.map((r) => r.updated_at.getTime() - r.created_at.getTime()))
      )
    }
  )
})

describe("the countdown to a deadline", () => {
  test.prop([status, instant, instant])(
    "a countdown says overdue exactly when the request is overdue, and answered exactly when it is closed",
    (s, expires_at, now) => {
      const shown = countdown({ status: s, expires_at }, now)
      expect(shown.kind === "overdue").toBe(isOverdue({ status: s, expires_at }, now))
      expect(shown.kind === "answered").toBe(Closed.includes(s))
    }
  )

  test.prop([instant, fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: DAY - 1 })])(
    "a deadline n days and some hours away reads in n days; n days and a moment past reads n + 1 days overdue",
    (now, n, within) => {
      const ahead = countdown({ status: "verified", expires_at: new Date(now.getTime() + n * DAY + within) }, now)
      expect(ahead).toEqual({ kind: "due", days: n })
      const past = countdown({ status: "verified", expires_at: new Date(now.getTime() - n * DAY - within - 1) }, now)
      expect(past).toEqual({ kind: "overdue", days: n + 1 })
    }
  )

  test.prop([instant])("a deadline later today reads due today, one day late reads 1 day overdue", (now) => {
    expect(countdownText(countdown({ status: "unverified", expires_at: new Date(now.getTime() + 1) }, now))).toBe(
      "due today"
    )
    expect(countdownText(countdown({ status: "unverified", expires_at: new Date(now.getTime() - DAY) }, now))).toBe(
      "1 day overdue"
    )
    expect(countdownText({ kind: "due", days: 3 })).toBe("in 3 days")
  })
})
