import { Schema } from "effect"

/** Instants travel as ISO-8601 strings and are `Date`s in memory. */
export const Timestamp = Schema.Date.annotations({ identifier: "Timestamp", description: "An ISO-8601 date-time." })
export type Timestamp = typeof Timestamp.Type

export const Metadata = Schema.Record({ key: Schema.String, value: Schema.Unknown }).annotations({
  identifier: "Metadata",
  description: "Free-form JSON object kept with the resource.",
  // Values arrive as JSON, so generated values are JSON values too (no `undefined`, no `-0`).
  arbitrary: () => (fc) => fc.dictionary(fc.string(), fc.jsonValue()).map((value) => JSON.parse(JSON.stringify(value)))
})
export type Metadata = typeof Metadata.Type

export const Translations = Schema.Record({ key: Schema.String, value: Schema.String }).annotations({
  identifier: "Translations",
  description: "Text by language code, e.g. `{ \"en\": \"Email address\" }`."
})
export type Translations = typeof Translations.Type

const hasProtocol = (value: string, protocols: ReadonlyArray<string>): boolean => {
  try {
    const url = new URL(value)
    return protocols.includes(url.protocol) && url.hostname.length > 0
  } catch {
    return false
  }
}

export const HttpUrl = Schema.String.pipe(
  Schema.filter((s) => hasProtocol(s, ["http:", "https:"]) || "must be an absolute http(s) URL")
).annotations({
  identifier: "HttpUrl",
  description: "An absolute http or https URL.",
  arbitrary: () => (fc) => fc.webUrl({ validSchemes: ["http", "https"] })
})

export const HttpsUrl = Schema.String.pipe(
  Schema.filter((s) => hasProtocol(s, ["https:"]) || "must be an absolute https URL")
).annotations({
  identifier: "HttpsUrl",
  description: "An absolute https URL.",
  arbitrary: () => (fc) => fc.webUrl({ validSchemes: ["https"] })
})

export const ExtraMessageVariables = Schema.Struct(
  {
    download_link: Schema.optionalWith(HttpsUrl, { exact: true }).annotations({
      description: "Where the requester downloads their data, sent when a data-access request is fulfilled."
    })
  },
  Schema.Record({ key: Schema.String, value: Schema.String })
).annotations({
  identifier: "ExtraMessageVariables",
  description: "Strings made available to the emails sent to the requester."
})
export type ExtraMessageVariables = typeof ExtraMessageVariables.Type
