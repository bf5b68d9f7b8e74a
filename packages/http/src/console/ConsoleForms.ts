import { HttpServerRequest } from "@effect/platform"
import { Effect } from "effect"
import type { ApiError } from "../ApiErrors.js"
import type { FormFields } from "./RequestActions.js"

// What every console route reads from its request (query string, form body) and how it answers a
// service's refusal: shared by the request pages and the settings pages.

/** The HTTP status a service's refusal is answered with on a page, as the API answers it. */
export const StatusOf: { readonly [T in ApiError["_tag"]]: number } = {
  BadRequest: 400,
  NotAuthenticated: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  PayloadTooLarge: 413,
  TooManyRequests: 429,
  MethodNotAllowed: 405,
  ServiceUnavailable: 503
}

/** The request's query string, without its `?`. */
export const search = Effect.map(HttpServerRequest.HttpServerRequest, (request) => {
  const at = request.url.indexOf("?")
  return at === -1 ? "" : request.url.slice(at + 1)
})

/** The posted HTML form's fields (none when the body is not a form). */
export const formFields = Effect.flatMap(
  HttpServerRequest.HttpServerRequest,
  (request) =>
    Effect.map(
      Effect.orElseSucceed(request.urlParamsBody, () => []),
      (params): FormFields => Object.fromEntries(params)
    )
)

/**
 * The notice a page shows after a done action, from the `done` key of its query string: only a
 * key of `texts` names one, so the URL never puts text of its own on the page.
 */
export const doneNotice = <K extends string>(texts: { readonly [Key in K]: string }, query: string) => {
  const key = new URLSearchParams(query).get("done")
  return key !== null && Object.hasOwn(texts, key) ? { kind: "done" as const, text: texts[key as K] } : undefined
}
