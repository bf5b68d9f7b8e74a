import { Schema } from "effect"
import { CheckedJson, Limits, Text } from "./Limits.js"
import { HttpsUrl, HttpsUrlJsonSchema } from "./Urls.js"

const DownloadLinkDescription =
  "Where the requester downloads their data, sent when a data-access request is fulfilled."
const isHttpsUrl = Schema.is(HttpsUrl)
const jsonSchema = {
  type: "object",
  properties: { download_link: { ...HttpsUrlJsonSchema, description: DownloadLinkDescription } },
  additionalProperties: { type: "string", maxLength: Limits.messageVariable },
  propertyNames: { maxLength: Limits.name },
  maxProperties: Limits.messageVariables
}

/**
 * A record of strings, with `download_link` an https URL when present. Written as a refined record
 * rather than a struct with an index signature, so its type (`{ readonly [x: string]: string }`)
 * also holds for applications that do not set `exactOptionalPropertyTypes`.
 */
export const ExtraMessageVariables = Schema.Record({ key: Text(Limits.name), value: Text(Limits.messageVariable) })
  .pipe(
    Schema.filter((variables) =>
      Object.keys(variables).length <= Limits.messageVariables ||
      `must have at most ${Limits.messageVariables} entries`
    ),
    Schema.filter((variables) =>
      variables.download_link === undefined || isHttpsUrl(variables.download_link) ||
      { path: ["download_link"], message: "must be an absolute https URL without spaces or control characters" }
    )
  ).annotations({
    identifier: "ExtraMessageVariables",
    description: "Strings made available to the emails sent to the requester.",
    jsonSchema
  })
export type ExtraMessageVariables = typeof ExtraMessageVariables.Type

const decodeHttpsUrl = Schema.decodeUnknownOption(HttpsUrl)

/**
 * `extra_message_variables` as a request body gives it: checked whole (`CheckedJson`), and
 * `download_link` kept as the URL parser normalises it.
 */
export const ExtraMessageVariablesInput = Schema.transform(
  CheckedJson(Limits.messageVariables * (Limits.name + Limits.messageVariable) * 4),
  Schema.Unknown,
  {
    strict: true,
    decode: (value) => {
      if (typeof value !== "object" || value === null || !("download_link" in value)) return value
      const link = decodeHttpsUrl(value.download_link)
      return link._tag === "Some" ? { ...value, download_link: link.value } : value
    },
    encode: (value) => value
  }
).pipe(Schema.compose(ExtraMessageVariables)).annotations({ jsonSchema })
