import { HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Context, Effect, Layer } from "effect"
import { cliOrganizations } from "./Organizations.js"
import { type Running, serve, tempDataDir } from "./Process.js"

/** A `dsar serve` process on a fresh SQLite data directory, for as long as the layer lives. */
export class SpawnedServer
  extends Context.Tag("test/SpawnedServer")<SpawnedServer, Running & { readonly dataDir: string }>()
{}

const spawned = (nodeArgs: ReadonlyArray<string>) =>
  Layer.scoped(
    SpawnedServer,
    Effect.acquireRelease(
      Effect.promise(async () => {
        const dataDir = tempDataDir()
        // Mail to an address nothing answers on stays queued: a delivered approval email would clear
        // its request's approve_url while a test compares what an organisation holds.
        return { ...(await serve(dataDir, { SMTP_URL: "smtp://127.0.0.1:9" }, { nodeArgs })), dataDir }
      }),
      (server) => Effect.promise(() => server.stop())
    )
  )

// Like the in-process test client: Node's client, a new connection per request, the base URL prefixed.
const client = Layer.effect(
  HttpClient.HttpClient,
  Effect.gen(function*() {
    const server = yield* SpawnedServer
    return HttpClient.mapRequest(yield* HttpClient.HttpClient, HttpClientRequest.prependUrl(server.url))
  })
).pipe(
  Layer.provide(NodeHttpClient.layerWithoutAgent),
  Layer.provide(NodeHttpClient.makeAgentLayer({ keepAlive: false }))
)

const organizations = Layer.unwrapEffect(Effect.map(SpawnedServer, (server) => cliOrganizations(server.dataDir)))

/**
 * What the test helpers (`support/Http.ts`) need, against a spawned server instead of `TestApp`:
 * an HTTP client aimed at it and organisations created by `dsar orgs create` on its data directory.
 * `nodeArgs` are Node's own options for the server process.
 */
export const SpawnedServerTest = (nodeArgs: ReadonlyArray<string> = []) =>
  Layer.mergeAll(client, organizations).pipe(Layer.provideMerge(spawned(nodeArgs)))
