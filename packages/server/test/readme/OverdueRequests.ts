import { LocalPrivacyRequests } from "@dsar/adapters"
import { RemotePrivacyRequests } from "@dsar/adapters/remote"
import { SqliteStores } from "@dsar/adapters/sqlite"
import { currentDate, overdueFilter, PrivacyRequests } from "@dsar/http"
import { FetchHttpClient } from "@effect/platform"
import { Effect, Layer, Redacted, Stream } from "effect"

// The program, written once against the interface: open requests past their deadline.
export const overdueRequests = Effect.gen(function*() {
  const requests = yield* PrivacyRequests
  const overdue = overdueFilter(yield* currentDate)
  return yield* Stream.runCollect(requests.listAll({ ...overdue, $sort: { expires_at: 1 } }))
})

// In this process, on the data directory `dsar serve` uses...
export const local = (organizationId: string, dataDir = "data") =>
  LocalPrivacyRequests.layer({ organizationId }).pipe(
    Layer.provide(SqliteStores.layer({ filename: `${dataDir}/dsar.sqlite` }))
  )

// ...or over HTTP, against this project's server or the hosted API: only the layer differs.
export const remote = (baseUrl: string, key: string, secret: string) =>
  RemotePrivacyRequests.layer({ baseUrl, key, secret: Redacted.make(secret) }).pipe(
    Layer.provide(FetchHttpClient.layer)
  )
