import { HmacTokenSigner, InMemoryStores, NodeIdGenerator, ScryptSecretHasher, SqliteStores } from "@dsar/adapters"
import { Layer, Redacted } from "effect"
import { join } from "node:path"

/** The embedded default: one SQLite file under the data directory. */
export const sqliteStoresLayer = (dataDir: string) => SqliteStores.layer({ filename: join(dataDir, "dsar.sqlite") })

export const migrateSqlite = (dataDir: string) => SqliteStores.migrate({ filename: join(dataDir, "dsar.sqlite") })

export const memoryStoresLayer = InMemoryStores.layer

/** Ids and tokens from the OS's randomness, scrypt for secrets, HMAC-signed session tokens. */
export const cryptoLayer = (sessionKey: Uint8Array) =>
  Layer.mergeAll(NodeIdGenerator.layer, ScryptSecretHasher.layer, HmacTokenSigner.layer(Redacted.make(sessionKey)))
