import { RemotePrivacyRequests } from "@dsar/adapters/remote"
import { type PropertyResult, runConformance, Wire } from "@dsar/conformance"
import { Command, Options } from "@effect/cli"
import { NodeHttpClient } from "@effect/platform-node"
import { Console, Effect, Layer, Option, type Redacted } from "effect"
import { Reported, reportFailures, UsageError } from "./Failure.js"

const url = Options.text("url").pipe(
  Options.withDescription("The API's base URL, e.g. http://127.0.0.1:3000 or https://api.didomi.io.")
)
const key = Options.text("key").pipe(Options.withDescription("The organisation's API key."))
const secret = Options.redacted("secret").pipe(Options.withDescription("Its secret."))
const otherKey = Options.text("other-key").pipe(
  Options.withDescription(
    "A second organisation's API key, on the same API: checks that neither sees the other's requests."
  ),
  Options.optional
)
const otherSecret = Options.redacted("other-secret").pipe(
  Options.withDescription("Its secret, with --other-key."),
  Options.optional
)
const runs = Options.integer("runs").pipe(
  Options.withDescription("Random command sequences per property. Default 25."),
  Options.withDefault(25)
)
const seed = Options.integer("seed").pipe(
  Options.withDescription("Replays a run: the seed a failure printed (with the same --runs)."),
  Options.optional
)
const redirectUrl = Options.text("redirect-url").pipe(
  Options.withDescription("Where the links the checks create redirect to: a URL the organisation allows."),
  Options.withDefault("https://example.org/dsar-conformance")
)

const client = (baseUrl: string, credentials: { readonly key: string; readonly secret: Redacted.Redacted }) => ({
  requests: RemotePrivacyRequests.layer({ baseUrl, ...credentials }).pipe(Layer.provide(NodeHttpClient.layerUndici)),
  wire: Wire.layer({ baseUrl, ...credentials }).pipe(Layer.provide(NodeHttpClient.layerUndici))
})

const verdict = (result: PropertyResult) => {
  switch (result._tag) {
    case "Passed":
      return `pass  ${result.property}`
    case "Skipped":
      return `skip  ${result.property} (${result.reason})`
    case "Failed":
      return [`FAIL  ${result.property}`, `      ${result.error}`, `      counterexample: ${result.counterexample}`]
        .join("\n")
  }
}

const other = (
  options: { readonly otherKey: Option.Option<string>; readonly otherSecret: Option.Option<Redacted.Redacted> }
) =>
  Option.match(options.otherKey, {
    onNone: () =>
      Option.isSome(options.otherSecret)
        ? Effect.fail(new UsageError({ message: "--other-secret needs --other-key" }))
        : Effect.succeed(Option.none()),
    onSome: (otherKey) =>
      Option.match(options.otherSecret, {
        onNone: () => Effect.fail(new UsageError({ message: "--other-key needs --other-secret" })),
        onSome: (otherSecret) => Effect.succeed(Option.some({ key: otherKey, secret: otherSecret }))
      })
  })

export const conformance = Command.make(
  "conformance",
  { url, key, secret, otherKey, otherSecret, runs, seed, redirectUrl },
  (options) =>
    reportFailures(
      Effect.gen(function*() {
        const second = yield* other(options)
        const subject = client(options.url, { key: options.key, secret: options.secret })
        const report = yield* runConformance({
          subject: subject.requests,
          wire: subject.wire,
          ...Option.match(second, {
            onNone: () => ({}),
            onSome: (credentials) => ({ other: client(options.url, credentials).requests })
          }),
          numRuns: options.runs,
          ...Option.match(options.seed, { onNone: () => ({}), onSome: (value) => ({ seed: value }) }),
          redirectUrl: options.redirectUrl,
          onResult: (result) => Console.log(verdict(result))
        })
        if (report.failed.length > 0) {
          yield* Console.log(`Replay the failures with --seed ${report.seed} --runs ${options.runs}`)
        }
        yield* Console.log(`Requests created by this run carry metadata {"dsar_conformance":"${report.runId}"}`)
        yield* Console.log(`${report.passed.length} passed, ${report.failed.length} failed`)
        if (report.failed.length > 0) return yield* Effect.fail(new Reported())
      })
    )
).pipe(
  Command.withDescription(
    "Check a running DSAR API against the specification: random sequences of calls through the client, each answer checked against a model " +
      "(statuses, forbidden PATCH fields, links, notes, list filters, sorting, paging, x-total-count, and with --other-key, tenant isolation). " +
      "Safe on a live API: it only creates requests of its own (marked dsar_conformance in metadata, for end-user ids unique to the run) and " +
      "changes, notes and links only those. Exits 1 on any failure, printing the seed that replays it."
  )
)
