import type { Request } from "@dsar/domain"
import { HttpServerResponse } from "@effect/platform"
import type { RequestPageJson } from "./ports/Stores.js"

// Requests read from the stores leave as JSON without going through the contract's schema again:
// they were checked on their way into the store, and their JSON is their encoded form (the domain's
// property test "a request's JSON is its encoding" states it; the server's `HostedApiSeeds` test
// checks GET and list bodies against the schema-encoded answers of POST and PATCH). Encoding a
// page of 100 through the schema took a third of the list's CPU.

/** A 200 answer holding one request the services read. */
export const requestJson = (request: Request) => HttpServerResponse.unsafeJson(request)

/** A 200 answer holding a page as its store wrote it. */
export const pageJson = (page: RequestPageJson, headers: Readonly<Record<string, string>>) =>
  HttpServerResponse.text(page.json, { contentType: "application/json", headers })
