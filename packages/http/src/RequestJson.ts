import { HttpServerResponse } from "@effect/platform"
import type { RequestPageJson } from "./ports/Stores.js"

// Requests read from the stores leave as the JSON the stores write, without being decoded and then
// encoded through the contract's schema again: the stores' conformance suite checks that text
// against the schema's encoding, and the server's `HostedApiSeeds` test checks GET and list bodies
// against the schema-encoded answers of POST and PATCH. Decoding and encoding a page of 100 took
// two thirds of the list's CPU.

/** A 200 answer holding one request, as its store wrote it. */
export const requestJson = (json: string) => HttpServerResponse.text(json, { contentType: "application/json" })

/** A 200 answer holding a page, as its store wrote it. */
export const pageJson = (page: RequestPageJson, headers: Readonly<Record<string, string>>) =>
  HttpServerResponse.text(page.json, { contentType: "application/json", headers })
