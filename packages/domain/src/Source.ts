import { Schema } from "effect"
import { SourceId } from "./Ids.js"
import { Limits, Text } from "./Limits.js"
import { Timestamp } from "./Timestamp.js"

export const SourceType = Schema.Literal("DSAR").annotations({
  identifier: "SourceType",
  message: () => ({ message: "must be \"DSAR\"", override: true }),
  description: "Type of widget the request came from; always `DSAR` for a privacy request."
})

export const Country = Text(Limits.name).annotations({ description: "Country, e.g. an ISO 3166-1 alpha-2 code." })

/** Where a request came from. */
export const Source = Schema.Struct({
  id: SourceId,
  created_at: Timestamp,
  updated_at: Timestamp,
  type: SourceType,
  key: Schema.NullOr(Schema.String),
  deployment_id: Schema.NullOr(Schema.String),
  country: Schema.NullOr(Country)
}).annotations({ identifier: "Source" })
export type Source = typeof Source.Type
