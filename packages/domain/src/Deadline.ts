import { Schema } from "effect"

const DAY_MS = 86_400_000

/**
 * The units the laws count deadlines in: calendar days (CPRA "45 calendar days"), business days
 * (CPRA opt-out "15 business days": weekends and the regulation's holidays do not count) and
 * calendar months (GDPR "one month": the same day of the next month, the month's last day when it
 * has no such day).
 */
export const DeadlineUnit = Schema.Literal("calendar_days", "business_days", "calendar_months").annotations({
  identifier: "DeadlineUnit",
  description: "`calendar_days`, `business_days` (weekends and the regulation's holidays skipped) or `calendar_months`."
})
export type DeadlineUnit = typeof DeadlineUnit.Type

/** A length of time in a law's own unit. */
export const Period = Schema.Struct({
  count: Schema.Int.pipe(Schema.positive()),
  unit: DeadlineUnit
}).annotations({ identifier: "Period", description: "A length of time in the law's own unit." })
export type Period = typeof Period.Type

/** A day of the calendar, `YYYY-MM-DD`, as a holiday calendar lists it. */
export const CalendarDate = Schema.String.pipe(Schema.pattern(/^\d{4}-\d{2}-\d{2}$/)).annotations({
  identifier: "CalendarDate",
  description: "A calendar day, `YYYY-MM-DD`."
})
export type CalendarDate = typeof CalendarDate.Type

/** The UTC calendar day of an instant: days are counted on UTC dates (decision 0015). */
export const calendarDateOf = (instant: Date): CalendarDate => instant.toISOString().slice(0, 10)

/** Saturday or Sunday (UTC). */
export const isWeekend = (instant: Date): boolean => {
  const day = instant.getUTCDay()
  return day === 0 || day === 6
}

/** A day that counts as a business day: not a weekend, not one of the holidays. */
export const isBusinessDay = (instant: Date, holidays: ReadonlyArray<CalendarDate>): boolean =>
  !isWeekend(instant) && !holidays.includes(calendarDateOf(instant))

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate()

/** The same day `months` months later, clamped to that month's last day; the time of day is kept. */
const addMonths = (start: Date, months: number): Date => {
  const year = start.getUTCFullYear()
  const month = start.getUTCMonth() + months
  const target = new Date(start.getTime())
  target.setUTCFullYear(year, month, Math.min(start.getUTCDate(), daysInMonth(year, month)))
  return target
}

/** The `count`-th business day after `start`, at `start`'s time of day. */
const addBusinessDays = (start: Date, count: number, holidays: ReadonlyArray<CalendarDate>): Date => {
  let day = start
  let counted = 0
  while (counted < count) {
    day = new Date(day.getTime() + DAY_MS)
    if (isBusinessDay(day, holidays)) counted += 1
  }
  return day
}

/**
 * The instant `period` after `start`: the day of receipt is not counted, and the deadline keeps the
 * time of day of `start`. `holidays` matter only to business days.
 */
export const addPeriod = (start: Date, period: Period, holidays: ReadonlyArray<CalendarDate> = []): Date => {
  switch (period.unit) {
    case "calendar_days":
      return new Date(start.getTime() + period.count * DAY_MS)
    case "business_days":
      return addBusinessDays(start, period.count, holidays)
    case "calendar_months":
      return addMonths(start, period.count)
  }
}

// Every weekday and, for months, every day of the four years from 2097: with 2100 not a leap year,
// spans of up to seven years starting then can avoid every 29 February, as the shortest ones do.
const weekStarts = Array.from({ length: 7 }, (_, day) => new Date(Date.UTC(2097, 0, 1 + day)))
const cycleStarts = Array.from({ length: 1461 }, (_, day) => new Date(Date.UTC(2097, 0, 1 + day)))

/**
 * The fewest whole calendar days a period can span, whatever the day it starts on: counting that
 * many calendar days never ends after the period. Holidays only lengthen a span of business days.
 * Months: for periods of up to seven years, which covers every law's.
 */
export const shortestSpanInDays = (period: Period): number => {
  if (period.unit === "calendar_days") return period.count
  const starts = period.unit === "business_days" ? weekStarts : cycleStarts
  return Math.min(...starts.map((start) => Math.round((addPeriod(start, period).getTime() - start.getTime()) / DAY_MS)))
}
