import { Schema } from "effect"
import { Limits, Text } from "./Limits.js"

/**
 * What an administrator calls an API key ("Zendesk integration"), so that the key to revoke can be
 * told from the others: one line, trimmed on input. The secret says nothing of where a key is used.
 */
export const ApiKeyLabel = Schema.Trim.pipe(
  Schema.compose(
    Text(Limits.name).pipe(
      Schema.filter((label) => label.length > 0 || "must not be empty"),
      Schema.filter((label) => !/\p{Cc}/u.test(label) || "must be one line, without control characters")
    )
  )
).annotations({ identifier: "ApiKeyLabel" })
export type ApiKeyLabel = typeof ApiKeyLabel.Type

/** A key to create: optionally, its label. */
export const NewApiKey = Schema.Struct({ label: Schema.optional(ApiKeyLabel) })
export type NewApiKey = typeof NewApiKey.Type
