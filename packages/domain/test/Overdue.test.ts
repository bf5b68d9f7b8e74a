import { test } from "@fast-check/vitest"
import fc from "fast-check"
import { describe, expect } from "vitest"
import { dueSoonCriteria, isDueSoon, isOverdue, overdueCriteria, type Status, Statuses } from "../src/index.js"

// Written out by hand: the statuses of a request still waiting for its answer.
const Waiting: ReadonlyArray<Status> = ["unverified", "verified", "work_in_progress"]

const status = fc.constantFrom(...Statuses)
const instant = fc.date({ min: new Date("2020-01-01T00:00:00.000Z"), max: new Date("2030-01-01T00:00:00.000Z") })

describe("overdue requests", () => {
  test.prop([status, instant, instant])(
    "a request is overdue exactly when it still waits for its answer and its deadline has passed",
    (s, expires_at, now) => {
      expect(isOverdue({ status: s, expires_at }, now)).toBe(
        Waiting.includes(s) && expires_at.getTime() < now.getTime()
      )
    }
  )

  test.prop([status, instant])("a request is not overdue at the very instant of its deadline", (s, deadline) => {
    expect(isOverdue({ status: s, expires_at: deadline }, deadline)).toBe(false)
  })

  test.prop([instant])(
    "a listing of the overdue requests asks for the waiting statuses and deadlines before now",
    (now) => {
      expect(overdueCriteria(now)).toEqual({ status: Waiting, expires_before: now })
    }
  )
})

describe("requests due soon", () => {
  const days = fc.integer({ min: 0, max: 400 })

  test.prop([status, instant, instant, days])(
    "a request is due within n days exactly when it still waits, is not overdue, and its deadline is less than n days away",
    (s, expires_at, now, n) => {
      const left = expires_at.getTime() - now.getTime()
      expect(isDueSoon({ status: s, expires_at }, now, n)).toBe(
        Waiting.includes(s) && left >= 0 && left < n * 86_400_000
      )
    }
  )

  test.prop([status, instant, instant, days])("no request is both overdue and due soon", (s, expires_at, now, n) => {
    const request = { status: s, expires_at }
    expect(isOverdue(request, now) && isDueSoon(request, now, n)).toBe(false)
  })

  test.prop([instant, instant])(
    "every open request is overdue or due within the days left to its deadline, plus one",
    (expires_at, now) => {
      const daysLeft = Math.max(0, Math.floor((expires_at.getTime() - now.getTime()) / 86_400_000)) + 1
      for (const s of Waiting) {
        const request = { status: s, expires_at }
        expect(isOverdue(request, now) || isDueSoon(request, now, daysLeft)).toBe(true)
      }
    }
  )

  test.prop([instant, days])(
    "a listing of the requests due soon asks for the waiting statuses and deadlines from now to n days on",
    (now, n) => {
      expect(dueSoonCriteria(now, n)).toEqual({
        status: Waiting,
        expires_from: now,
        expires_before: new Date(now.getTime() + n * 86_400_000)
      })
    }
  )
})
