import { isPrivateAddress } from "@dsar/domain"
import { WebhookSender, WebhookSendError, WebhookTargets } from "@dsar/http"
import { Effect, Layer } from "effect"
import { lookup as dnsLookup } from "node:dns"
import { request as httpRequest } from "node:http"
import { request as httpsRequest } from "node:https"
import type { LookupFunction } from "node:net"

/** Bytes of an answer's body read at most: only its status counts, the rest is drained unread. */
const MAX_ANSWER_BYTES = 64 * 1024

/**
 * A resolver that refuses private and loopback addresses. It runs when the socket connects, so the
 * address judged is the one connected to: a name that resolved to a public address when the
 * endpoint was created and to a private one now (DNS rebinding) is refused too.
 */
const publicOnly: LookupFunction = (hostname, options, callback) =>
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error !== null) return callback(error, "", 4)
    const list = Array.isArray(addresses) ? addresses : []
    const refused = list.find((entry) => isPrivateAddress(entry.address))
    if (refused !== undefined || list.length === 0) {
      const reason = new Error(`${hostname} resolves to a private or loopback address, which is not allowed`)
      return callback(Object.assign(reason, { code: "EPRIVATE" }), "", 4)
    }
    return options.all === true ? callback(null, list as never) : callback(null, list[0]!.address, list[0]!.family)
  })

/**
 * Webhooks over Node's HTTP client: one POST per attempt, no redirects followed (a 3xx is a failed
 * attempt), no connection kept. Private and loopback targets are refused at connection time unless
 * `WebhookTargets` allows them.
 */
export const layer = Layer.effect(
  WebhookSender,
  Effect.map(WebhookTargets, (targets) =>
    WebhookSender.of({
      send: ({ body, headers, url }) =>
        Effect.async<{ readonly status: number }, WebhookSendError>((resumeOnce, signal) => {
          let settled = false
          const resume = (outcome: Effect.Effect<{ readonly status: number }, WebhookSendError>) => {
            if (settled) return
            settled = true
            resumeOnce(outcome)
          }
          const target = new URL(url)
          const send = target.protocol === "https:" ? httpsRequest : httpRequest
          const ipLiteral = target.hostname.startsWith("[") || /^[\d.]+$/.test(target.hostname)
          if (!targets.allowPrivate && ipLiteral && isPrivateAddress(target.hostname)) {
            return resume(
              Effect.fail(
                new WebhookSendError({ message: "the target is a private or loopback address", status: null })
              )
            )
          }
          const outgoing = send(target, {
            method: "POST",
            headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
            agent: false,
            signal,
            ...(targets.allowPrivate ? {} : { lookup: publicOnly })
          }, (answer) => {
            let read = 0
            answer.on("data", (chunk: Buffer) => {
              read += chunk.length
              if (read > MAX_ANSWER_BYTES) answer.destroy()
            })
            answer.on("close", () => {
              const status = answer.statusCode ?? 0
              resume(
                status >= 200 && status < 300
                  ? Effect.succeed({ status })
                  : Effect.fail(new WebhookSendError({ message: `the receiver answered HTTP ${status}`, status }))
              )
            })
          })
          outgoing.on("error", (error) => {
            if (signal.aborted) return
            resume(Effect.fail(new WebhookSendError({ message: error.message, status: null })))
          })
          outgoing.end(body)
        })
    }))
)
