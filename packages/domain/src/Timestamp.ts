import { Schema } from "effect"

/** Instants travel as ISO-8601 strings and are `Date`s in memory. */
export const Timestamp = Schema.Date.annotations({ identifier: "Timestamp", description: "An ISO-8601 date-time." })
export type Timestamp = typeof Timestamp.Type
