import { HttpServerRequest } from "@effect/platform"
import { Effect, Option } from "effect"
import { Settings } from "./Settings.js"

/**
 * The address of the client that sent the request. `X-Forwarded-For` is read only when the
 * settings say proxies are trusted, and then the entry appended by the outermost trusted proxy
 * (`trustedProxyHops` from the end): entries further left are the client's own word.
 */
export const clientAddress = Effect.gen(function*() {
  const request = yield* HttpServerRequest.HttpServerRequest
  const hops = (yield* Settings).trustedProxyHops ?? 0
  const peer = Option.getOrElse(request.remoteAddress, () => "unknown")
  if (hops <= 0) return peer
  const forwarded = (request.headers["x-forwarded-for"] ?? "").split(",").map((entry) => entry.trim()).filter((e) =>
    e !== ""
  )
  return forwarded[forwarded.length - hops] ?? forwarded[0] ?? peer
})
