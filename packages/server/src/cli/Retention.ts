import { defaultedPublicBaseUrl, ErasureService, RequestServicesLive, Settings } from "@dsar/http"
import { Command, Options } from "@effect/cli"
import { Console, Duration, Effect, Layer, Option } from "effect"
import { dataDir, publicBaseUrl, retention } from "../Config.js"
import { backend } from "./Backend.js"
import { reportFailures, UsageError } from "./Failure.js"

const dryRun = Options.boolean("dry-run").pipe(Options.withDescription("List what would be erased, and erase nothing."))

/** `dsar retention`: erases, or with --dry-run lists, the closed requests RETENTION is over for. */
export const retentionCommand = Command.make(
  "retention",
  { dataDir, publicBaseUrl, dryRun },
  (options) =>
    reportFailures(
      Effect.gen(function*() {
        const setting = Effect.mapError(
          retention,
          (error) => new UsageError({ message: String(error).replace(/^\(|\)$/g, "") })
        )
        const period = yield* Effect.flatMap(setting, (set) =>
          Option.match(set, {
            onNone: () =>
              Effect.fail(
                new UsageError({ message: "RETENTION is not set (e.g. RETENTION='24 months'): nothing expires" })
              ),
            onSome: Effect.succeed
          }))
        const { stores, crypto } = yield* backend(options.dataDir)
        const settings = Layer.succeed(Settings, {
          publicBaseUrl: yield* defaultedPublicBaseUrl(options.publicBaseUrl),
          sessionTtl: Duration.hours(1)
        })
        const services = RequestServicesLive.pipe(Layer.provideMerge(Layer.mergeAll(stores, crypto, settings)))
        yield* Effect.provide(
          Effect.gen(function*() {
            const erasure = yield* ErasureService
            const listed = options.dryRun ? yield* erasure.expired(period) : yield* erasure.eraseExpired(period)
            for (const request of listed) {
              yield* Console.log(
                `${request.id}\t${request.organization_id}\t${request.status}\t${request.updated_at.toISOString()}`
              )
            }
            yield* Console.error(`${listed.length} request(s) ${options.dryRun ? "would be erased" : "erased"}`)
          }),
          services
        )
      })
    )
).pipe(
  Command.withDescription(
    "Erase the personal data of closed requests whose last change is older than RETENTION (e.g. '24 months'); --dry-run lists them."
  )
)
