import { Schema } from "effect"
import { CheckedJson, Limits } from "./Limits.js"

export const Metadata = Schema.Record({ key: Schema.String, value: Schema.Unknown }).annotations({
  identifier: "Metadata",
  description: "Free-form JSON object kept with the resource.",
  // Values arrive as JSON, so generated values are JSON values too (no `undefined`, no `-0`).
  arbitrary: () => (fc) => fc.dictionary(fc.string(), fc.jsonValue()).map((value) => JSON.parse(JSON.stringify(value)))
})
export type Metadata = typeof Metadata.Type

/** `metadata` as a request body gives it: checked whole (`CheckedJson`), at most `Limits.metadataBytes`. */
export const MetadataInput = CheckedJson(Limits.metadataBytes).pipe(Schema.compose(Metadata)).annotations({
  jsonSchema: {
    type: "object",
    description: `Free-form JSON object kept with the resource, at most ${Limits.metadataBytes} bytes as JSON.`
  }
})
