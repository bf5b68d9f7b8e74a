import { HttpApi, HttpApiBuilder, HttpApiEndpoint, HttpApiGroup, HttpMiddleware } from "@effect/platform"
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { Effect, Layer, Schema } from "effect"
import { createServer } from "node:http"
import { parseArgs } from "node:util"

// The framework's floor: GET /health answering {"status":"ok"}, and nothing else, served either
// by node:http alone or through Effect's HttpApi on @effect/platform-node, as `dsar serve` is built
// (no logging, no tracing, no storage). The ratio of their throughputs is the most any route of
// `dsar serve` can reach against a bare baseline. FLOOR=bare or FLOOR=effect picks the server; it
// takes the arguments `dsar serve` takes, so the bench starts it the same way.

const { values } = parseArgs({
  args: process.argv.slice(3),
  options: { port: { type: "string" }, "data-dir": { type: "string" } }
})
const port = Number(values.port)
const body = JSON.stringify({ status: "ok" })

const Api = HttpApi.make("floor").add(
  HttpApiGroup.make("health").add(
    HttpApiEndpoint.get("check", "/health").addSuccess(Schema.Struct({ status: Schema.Literal("ok") }))
  )
)
const HealthLive = HttpApiBuilder.group(
  Api,
  "health",
  (handlers) => handlers.handle("check", () => Effect.succeed({ status: "ok" as const }))
)

if (process.env.FLOOR === "bare") {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) })
    response.end(body)
  }).listen(port, "127.0.0.1", () => process.stderr.write(`Listening on http://127.0.0.1:${port}\n`))
  process.on("SIGTERM", () => {
    server.close(() => process.exit(0))
    server.closeAllConnections()
  })
} else {
  HttpApiBuilder.serve().pipe(
    Layer.provide(HttpApiBuilder.api(Api).pipe(Layer.provide(HealthLive))),
    HttpMiddleware.withTracerDisabledWhen(() => true),
    Layer.provide(NodeHttpServer.layer(createServer, { port, host: "127.0.0.1" })),
    Layer.tap(() => Effect.sync(() => process.stderr.write(`Listening on http://127.0.0.1:${port}\n`))),
    Layer.launch,
    NodeRuntime.runMain
  )
}
