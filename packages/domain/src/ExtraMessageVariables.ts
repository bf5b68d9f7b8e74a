import { Schema } from "effect"
import { HttpsUrl } from "./Urls.js"

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
