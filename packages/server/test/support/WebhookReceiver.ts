import { Effect } from "effect"
import { createServer, type IncomingMessage } from "node:http"
import type { AddressInfo } from "node:net"
import { Webhook } from "standardwebhooks"

/** One POST the receiver got: its Standard Webhooks headers, its body, and which known secrets verify it. */
export interface Received {
  readonly id: string
  readonly timestamp: string
  readonly signature: string
  readonly body: string
  /** The secrets (of `secrets` when it arrived) that verify it with the standardwebhooks library. */
  readonly verifiedBy: ReadonlyArray<string>
  /** What the receiver answered. */
  readonly answered: number
}

const bodyOf = (request: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    request.on("error", reject)
  })

const verifiedBy = (secrets: ReadonlyArray<string>, body: string, headers: IncomingMessage["headers"]) =>
  secrets.filter((secret) => {
    try {
      new Webhook(secret).verify(body, {
        "webhook-id": String(headers["webhook-id"] ?? ""),
        "webhook-timestamp": String(headers["webhook-timestamp"] ?? ""),
        "webhook-signature": String(headers["webhook-signature"] ?? "")
      })
      return true
    } catch {
      return false
    }
  })

export interface Receiver {
  readonly url: string
  readonly received: Array<Received>
  /** The secrets the receiver verifies with; a test adds the ones the API answers. */
  readonly secrets: Array<string>
  /** What it answers next; 2xx accepts. */
  status: number
  readonly close: () => Promise<void>
}

/**
 * A webhook receiver on a loopback port, as a receiver would write one: it verifies every POST
 * with the standardwebhooks library against the secrets it knows, and answers `status` (200
 * unless a test makes it fail). Everything it got is in `received`, duplicates included. `port`:
 * a given one (to come back on after an outage), else a free one.
 */
export const startReceiver = (port = 0, path = "/hooks"): Promise<Receiver> =>
  new Promise((resolve, reject) => {
    const server = createServer((request, response) => {
      void bodyOf(request).then((body) => {
        const answered = state.status
        state.received.push({
          id: String(request.headers["webhook-id"] ?? ""),
          timestamp: String(request.headers["webhook-timestamp"] ?? ""),
          signature: String(request.headers["webhook-signature"] ?? ""),
          body,
          verifiedBy: verifiedBy(state.secrets, body, request.headers),
          answered
        })
        response.writeHead(answered, { "content-type": "text/plain" }).end(answered < 300 ? "ok" : "not now")
      })
    })
    const state: Receiver = {
      url: "",
      received: [],
      secrets: [],
      status: 200,
      close: () =>
        new Promise<void>((done) => {
          server.close(() => done())
          server.closeAllConnections()
        })
    }
    server.on("error", reject)
    server.listen(port, "127.0.0.1", () => {
      Object.assign(state, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}` })
      resolve(state)
    })
  })

/** `startReceiver` for the lifetime of a scope. */
export const webhookReceiver = Effect.acquireRelease(
  Effect.promise(() => startReceiver()),
  (receiver) => Effect.promise(() => receiver.close())
)
