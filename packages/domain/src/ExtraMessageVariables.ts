import { Schema } from "effect"
import { HttpsUrl } from "./Urls.js"

const DownloadLinkDescription = "Where the requester downloads their data, sent when a data-access request is fulfilled."
const isHttpsUrl = Schema.is(HttpsUrl)

/**
 * A record of strings, with `download_link` an https URL when present. Written as a refined record
 * rather than a struct with an index signature, so its type (`{ readonly [x: string]: string }`)
 * also holds for applications that do not set `exactOptionalPropertyTypes`.
 */
export const ExtraMessageVariables = Schema.Record({ key: Schema.String, value: Schema.String }).pipe(
  Schema.filter((variables) =>
    variables.download_link === undefined || isHttpsUrl(variables.download_link) ||
    { path: ["download_link"], message: "must be an absolute https URL" }
  )
).annotations({
  identifier: "ExtraMessageVariables",
  description: "Strings made available to the emails sent to the requester.",
  jsonSchema: {
    type: "object",
    properties: { download_link: { type: "string", description: DownloadLinkDescription } },
    additionalProperties: { type: "string" }
  }
})
export type ExtraMessageVariables = typeof ExtraMessageVariables.Type
