import { Schema } from "effect"

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
export type HttpUrl = typeof HttpUrl.Type

export const HttpsUrl = Schema.String.pipe(
  Schema.filter((s) => hasProtocol(s, ["https:"]) || "must be an absolute https URL")
).annotations({
  identifier: "HttpsUrl",
  description: "An absolute https URL.",
  arbitrary: () => (fc) => fc.webUrl({ validSchemes: ["https"] })
})
export type HttpsUrl = typeof HttpsUrl.Type
