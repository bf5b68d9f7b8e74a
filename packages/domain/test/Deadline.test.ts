import { test } from "@fast-check/vitest"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  addPeriod,
  type CalendarDate,
  calendarDateOf,
  isBusinessDay,
  isWeekend,
  type Period,
  shortestSpanInDays
} from "../src/index.js"

const DAY = 86_400_000
const instant = fc.date({ min: new Date("2000-01-01T00:00:00.000Z"), max: new Date("2100-01-01T00:00:00.000Z") })
const unit = fc.constantFrom("calendar_days" as const, "business_days" as const, "calendar_months" as const)
const period = unit.chain((u) =>
  fc.record({ count: fc.integer({ min: 1, max: u === "calendar_months" ? 84 : 120 }), unit: fc.constant(u) })
)
const holidays = fc.array(instant.map(calendarDateOf), { maxLength: 20 })

// Every UTC day from the day after `start` up to and including `end`.
const daysAfter = (start: Date, end: Date): Array<Date> => {
  const days: Array<Date> = []
  for (let day = start.getTime() + DAY; day <= end.getTime(); day += DAY) days.push(new Date(day))
  return days
}

describe("deadlines in the law's own units", () => {
  test.prop([instant, period, holidays])("a deadline is never before receipt, nor at it", (start, p, days) => {
    expect(addPeriod(start, p, days).getTime()).toBeGreaterThan(start.getTime())
  })

  test.prop([instant, period, holidays])("a deadline keeps the time of day of receipt", (start, p, days) => {
    expect(addPeriod(start, p, days).toISOString().slice(10)).toBe(start.toISOString().slice(10))
  })

  test.prop([instant, fc.integer({ min: 1, max: 400 })])(
    "calendar days are that many days of 24 hours",
    (start, count) => {
      expect(addPeriod(start, { count, unit: "calendar_days" }).getTime() - start.getTime()).toBe(count * DAY)
    }
  )

  test.prop([instant, fc.integer({ min: 1, max: 60 }), holidays])(
    "business days skip weekends and holidays: the deadline is the n-th day after receipt that is neither",
    (start, count, days) => {
      const deadline = addPeriod(start, { count, unit: "business_days" }, days)
      const counted = daysAfter(start, deadline).filter((day) => !isWeekend(day) && !days.includes(calendarDateOf(day)))
      expect(counted).toHaveLength(count)
      expect(isBusinessDay(deadline, days)).toBe(true)
    }
  )

  test.prop([instant, fc.integer({ min: 1, max: 60 })])(
    "a holiday on a working day pushes a business-day deadline by one business day",
    (start, count) => {
      const p: Period = { count, unit: "business_days" }
      const firstWorkingDay = daysAfter(start, addPeriod(start, p)).find((day) => !isWeekend(day))!
      const withHoliday = addPeriod(start, p, [calendarDateOf(firstWorkingDay)])
      expect(withHoliday).toEqual(addPeriod(addPeriod(start, p), { count: 1, unit: "business_days" }))
    }
  )

  test.prop([instant, fc.integer({ min: 1, max: 36 })])(
    "calendar months land on the same day of the month, or on the last day of a shorter month",
    (start, count) => {
      const deadline = addPeriod(start, { count, unit: "calendar_months" })
      const months = (deadline.getUTCFullYear() - start.getUTCFullYear()) * 12 + deadline.getUTCMonth() -
        start.getUTCMonth()
      expect(months).toBe(count)
      const lastDay = new Date(Date.UTC(deadline.getUTCFullYear(), deadline.getUTCMonth() + 1, 0)).getUTCDate()
      expect(deadline.getUTCDate()).toBe(Math.min(start.getUTCDate(), lastDay))
    }
  )

  it("one month from 31 January is 28 February, or 29 in a leap year; from 15 March it is 15 April", () => {
    const month: Period = { count: 1, unit: "calendar_months" }
    expect(addPeriod(new Date("2026-01-31T09:30:00.000Z"), month)).toEqual(new Date("2026-02-28T09:30:00.000Z"))
    expect(addPeriod(new Date("2028-01-31T09:30:00.000Z"), month)).toEqual(new Date("2028-02-29T09:30:00.000Z"))
    expect(addPeriod(new Date("2026-03-15T09:30:00.000Z"), month)).toEqual(new Date("2026-04-15T09:30:00.000Z"))
  })

  it("15 business days from Friday 2 January 2026 are Friday 23 January; with 19 January a holiday, Monday 26", () => {
    const p: Period = { count: 15, unit: "business_days" }
    const friday = new Date("2026-01-02T12:00:00.000Z")
    expect(addPeriod(friday, p)).toEqual(new Date("2026-01-23T12:00:00.000Z"))
    expect(addPeriod(friday, p, ["2026-01-19" as CalendarDate])).toEqual(new Date("2026-01-26T12:00:00.000Z"))
  })

  test.prop([instant, period, holidays])(
    "counting a period's shortest span in calendar days never ends after the period",
    (start, p, days) => {
      expect(start.getTime() + shortestSpanInDays(p) * DAY).toBeLessThanOrEqual(addPeriod(start, p, days).getTime())
    }
  )

  it("the shortest spans: 15 business days can be 19 calendar days, one month 28", () => {
    expect(shortestSpanInDays({ count: 15, unit: "business_days" })).toBe(19)
    expect(shortestSpanInDays({ count: 1, unit: "calendar_months" })).toBe(28)
    expect(shortestSpanInDays({ count: 45, unit: "calendar_days" })).toBe(45)
  })
})
