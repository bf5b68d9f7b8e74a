import { OrganizationsService } from "@dsar/http"
import { Effect, Layer } from "effect"
import { cryptoLayer, storesLayer } from "../Adapters.js"
import { loadSessionKey } from "../SessionKey.js"

/** The storage and crypto adapters of a data directory, and the services over them. */
export const backend = (directory: string) =>
  Effect.gen(function*() {
    const stores = yield* storesLayer(directory)
    const crypto = cryptoLayer(yield* loadSessionKey(directory))
    return {
      stores,
      crypto,
      organizations: OrganizationsService.Default.pipe(Layer.provide(Layer.merge(stores, crypto)))
    }
  })
