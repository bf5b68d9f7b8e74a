import { listRequestsExample } from "@dsar/domain"
import { Effect } from "effect"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"

/** How the scripted server answers one call: a status (with a fitting body), garbage, or nothing at all. */
export type Answer = number | "garbage" | "silence"

export interface Hit {
  readonly route: string
  readonly at: number
}

const routeOf = (request: IncomingMessage) =>
  `${request.method} ${
    new URL(request.url ?? "/", "http://localhost").pathname.replace(
      /\/dsar\/requests\/(?!notes)[^/]+/,
      "/dsar/requests/:id"
    )
  }`

const reply = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { "content-type": "application/json", "x-total-count": "1" })
  response.end(JSON.stringify(body))
}

/**
 * A stand-in for a remote API on loopback that answers each route as its script says, one
 * answer per call in order (the last one repeats), and notes every call. Sessions always open.
 */
export const scriptedApi = (script: Readonly<Record<string, ReadonlyArray<Answer>>>) =>
  Effect.acquireRelease(
    Effect.async<{ readonly url: string; readonly hits: Array<Hit>; readonly close: () => void }>((resume) => {
      const hits: Array<Hit> = []
      const server = createServer((request, response) => {
        const route = routeOf(request)
        if (route === "POST /v1/sessions") return reply(response, 201, { access_token: "token" })
        hits.push({ route, at: performance.now() })
        const answers = script[route] ?? [200]
        const answer = answers[Math.min(hits.filter((hit) => hit.route === route).length, answers.length) - 1]!
        if (answer === "silence") return
        if (answer === "garbage") return reply(response, 200, { unexpected: true })
        const success = route === "GET /dsar/requests" ? listRequestsExample : listRequestsExample[0]
        reply(
          response,
          answer,
          answer < 300 ? success : { code: answer, name: "Unavailable", message: "try later", errors: [] }
        )
      })
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        const port = typeof address === "object" && address !== null ? address.port : 0
        resume(
          Effect.succeed({
            url: `http://127.0.0.1:${port}`,
            hits,
            close: () => (server.closeAllConnections(), server.close())
          })
        )
      })
    }),
    (api) => Effect.sync(api.close)
  )
