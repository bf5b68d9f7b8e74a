import { Schema } from "effect"

export const Translations = Schema.Record({ key: Schema.String, value: Schema.String }).annotations({
  identifier: "Translations",
  description: "Text by language code, e.g. `{ \"en\": \"Email address\" }`."
})
export type Translations = typeof Translations.Type
