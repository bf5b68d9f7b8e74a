import { HmacTokenSigner, LogMailer, NodeIdGenerator, ScryptSecretHasher } from "@dsar/adapters"
import { PgStores } from "@dsar/adapters/pg"
import { SmtpMailer } from "@dsar/adapters/smtp"
import { SqliteStores } from "@dsar/adapters/sqlite"
import { Effect, Layer, Option, Redacted } from "effect"
import { join } from "node:path"
import { databaseUrl, mailFrom, smtpUrl } from "./Config.js"
import { ensurePrivateDirectory } from "./DataDirectory.js"

const sqliteFile = (dataDir: string) => ({ filename: join(dataDir, "dsar.sqlite") })

/**
 * The storage a command runs on: PostgreSQL when `DATABASE_URL` is set (several servers can share
 * it), else the embedded default, one SQLite file under the data directory.
 */
export const storesLayer = (dataDir: string) =>
  Effect.map(
    databaseUrl,
    Option.match({
      onNone: () =>
        SqliteStores.layer(sqliteFile(dataDir)).pipe(
          Layer.provide(Layer.effectDiscard(ensurePrivateDirectory(dataDir)))
        ),
      onSome: (url) => PgStores.layer({ url: Redacted.value(url) })
    })
  )

/** What `dsar migrate` runs, on the same storage `storesLayer` picks. */
export const migrateStores = (dataDir: string) =>
  Effect.flatMap(
    databaseUrl,
    Option.match({
      onNone: () => Effect.zipRight(ensurePrivateDirectory(dataDir), SqliteStores.migrate(sqliteFile(dataDir))),
      onSome: (url) => PgStores.migrate({ url: Redacted.value(url) })
    })
  )

/** Ids and tokens from the OS's randomness, scrypt for secrets, HMAC-signed session tokens. */
export const cryptoLayer = (sessionKey: Uint8Array) =>
  Layer.mergeAll(NodeIdGenerator.layer, ScryptSecretHasher.layer, HmacTokenSigner.layer(Redacted.make(sessionKey)))

// Said once at start-up, as a warning: an operator who forgot SMTP_URL would otherwise learn it
// from requesters who never got their approval email.
const mailOnlyLogged = Effect.logWarning(
  "SMTP_URL is not set: no email leaves this machine. Emails are only logged; their recipients and links "
    + "(approval URLs) only at Debug (--log-level debug)"
)

/**
 * SMTP through nodemailer when `SMTP_URL` is set; else the embedded default, which logs each email
 * (and warns, when the layer is built, that nothing is sent).
 */
export const mailerLayer = Effect.gen(function*() {
  const from = yield* mailFrom
  return Option.match(yield* smtpUrl, {
    onNone: () => Layer.merge(LogMailer.layer, Layer.effectDiscard(mailOnlyLogged)),
    onSome: (url) => SmtpMailer.layer({ url, from })
  })
})
