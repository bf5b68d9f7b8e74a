import { Schema } from "effect"
import { Limits } from "./Limits.js"

/** Instants travel as ISO-8601 strings and are `Date`s in memory. */
// A date refinement over a transformation is documented as its string side alone, so the JSON
// Schema is given whole.
const dateTime = (description: string) => ({ type: "string", format: "date-time", description })

const TimestampDescription = "An ISO-8601 date-time, in UTC with milliseconds."
export const Timestamp = Schema.Date.annotations({
  identifier: "Timestamp",
  description: TimestampDescription,
  jsonSchema: dateTime(TimestampDescription)
})
export type Timestamp = typeof Timestamp.Type

/** An instant a query names, within the years every store can hold (`Limits.years`). */
export const InstantInput = Schema.Date.pipe(
  Schema.filter((date) => {
    const year = date.getUTCFullYear()
    return (year >= Limits.years.min && year <= Limits.years.max) ||
      `must be in the years ${Limits.years.min} to ${Limits.years.max}`
  })
).annotations({
  description: "An ISO-8601 date-time.",
  jsonSchema: dateTime("An ISO-8601 date-time.")
})
