import { test } from "@fast-check/vitest"
import fc from "fast-check"
import { describe, expect } from "vitest"
import { isOverdue, overdueCriteria, type Status, Statuses } from "../src/index.js"

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
