import { Schema } from "effect"
import { Limits } from "./Limits.js"

/** Instants travel as ISO-8601 strings and are `Date`s in memory. */
export const Timestamp = Schema.Date.annotations({ identifier: "Timestamp", description: "An ISO-8601 date-time." })
export type Timestamp = typeof Timestamp.Type

/** An instant a query names, within the years every store can hold (`Limits.years`). */
export const InstantInput = Schema.Date.pipe(
  Schema.filter((date) => {
    const year = date.getUTCFullYear()
    return (year >= Limits.years.min && year <= Limits.years.max) ||
      `must be in the years ${Limits.years.min} to ${Limits.years.max}`
  })
).annotations({ description: "An ISO-8601 date-time." })
