import { HmacTokenSigner, LocalPrivacyRequests, NodeIdGenerator, ScryptSecretHasher } from "@dsar/adapters"
import { SqliteStores } from "@dsar/adapters/sqlite"
import { CreateRequest, createRequestExample, type Request, RequestId } from "@dsar/domain"
import type { OrganizationCredentials, PrivacyRequests } from "@dsar/http"
import { IdGenerator, OrganizationsService, RequestsStore, Transactor } from "@dsar/http"
import { Effect, Layer, Redacted, Schema } from "effect"
import { join } from "node:path"
import { tempDataDir } from "./Process.js"

export const newRequest = (overrides: Record<string, unknown> = {}) =>
  Schema.decodeUnknownSync(CreateRequest)({ ...createRequestExample, ...overrides })

/** The storage `dsar` uses on `dataDir`, for a test to seed it before running a command there. */
const dataDirLayer = (dataDir: string) => {
  const stores = SqliteStores.layer({ filename: join(dataDir, "dsar.sqlite") })
  // Cheap scrypt: the hash names its cost, so `dsar serve` verifies the secret all the same.
  const crypto = Layer.mergeAll(
    NodeIdGenerator.layer,
    ScryptSecretHasher.layerWith({ N: 1024, r: 8, p: 1 }),
    HmacTokenSigner.layer(Redacted.make(new TextEncoder().encode("seeding only, never verifies a token")))
  )
  return Layer.mergeAll(
    stores,
    OrganizationsService.Default.pipe(Layer.provide(Layer.merge(stores, crypto))),
    NodeIdGenerator.layer
  )
}

/**
 * A new data directory holding one organisation, and `then` run on it with its
 * `PrivacyRequests` (in this process) and its stores; the database is closed when it returns.
 */
export const seedDataDir = <A>(
  then: (
    seeded: { readonly credentials: OrganizationCredentials }
  ) => Effect.Effect<A, unknown, PrivacyRequests | RequestsStore | Transactor | IdGenerator>
) =>
  Effect.gen(function*() {
    const dataDir = tempDataDir()
    const result = yield* Effect.gen(function*() {
      const credentials = yield* Effect.flatMap(OrganizationsService, (organizations) =>
        organizations.create({ name: "Seeded", default_redirect_url: "https://acme.example/privacy/confirmed" }))
      const local = LocalPrivacyRequests.layer({ organizationId: credentials.organization_id })
      return { credentials, value: yield* Effect.provide(then({ credentials }), local) }
    }).pipe(Effect.provide(dataDirLayer(dataDir)))
    return { dataDir, ...result }
  }).pipe(Effect.scoped)

/**
 * `count` copies of `template` written straight to the store in large transactions, each with
 * its own id and a creation a second after the previous one, from `from` (by default the
 * template's): fast enough to fill a database with a hundred thousand requests in a few seconds,
 * and a way to make requests created in the past.
 */
export const insertCopies = (template: Request, count: number, from = template.created_at) =>
  Effect.gen(function*() {
    const store = yield* RequestsStore
    const transactor = yield* Transactor
    const ids = yield* IdGenerator
    const start = from.getTime()
    const deadline = template.expires_at.getTime() - template.created_at.getTime()
    const batch = 5_000
    for (let from = 0; from < count; from += batch) {
      yield* transactor.withTransaction(
        Effect.forEach(
          Array.from({ length: Math.min(batch, count - from) }, (_, i) => from + i),
          (index) =>
            Effect.flatMap(ids.make("req"), (id) => {
              const created_at = new Date(start + index * 1_000)
              return store.insert({
                ...template,
                id: RequestId.make(id),
                created_at,
                updated_at: created_at,
                expires_at: new Date(created_at.getTime() + deadline),
                request_fields: template.request_fields.map((field) => ({ ...field, request_id: RequestId.make(id) }))
              })
            }),
          { discard: true }
        )
      )
    }
  })
