import { defaultUnverifiedPolicy, HttpUrl, parseRetentionPeriod, unverifiedPolicy } from "@dsar/domain"
import {
  defaultFormLimits,
  defaultLoginLimits,
  defaultSignInLinkLimits,
  hostSetting,
  OutboxWorker,
  portSetting,
  publicBaseUrlSetting
} from "@dsar/http"
import { Options } from "@effect/cli"
import { Config, ConfigError, Duration, Either, Option, Redacted, Schema } from "effect"

// Each option falls back to its environment variable, then to a default; a bad value stops the
// command with a message naming the option and the variable.

export const dataDir = Options.directory("data-dir").pipe(
  Options.withDescription("Where the SQLite database and the session key live (env DATA_DIR)."),
  Options.withFallbackConfig(Config.string("DATA_DIR").pipe(Config.withDefault("./data")))
)

export const port = Options.integer("port").pipe(
  Options.withDescription("Port to listen on (env PORT)."),
  Options.withFallbackConfig(portSetting)
)

export const host = Options.text("host").pipe(
  Options.withDescription("Interface to listen on (env HOST)."),
  Options.withFallbackConfig(hostSetting)
)

const isHttpUrl = Schema.is(HttpUrl)

/**
 * The base URL the server is reached at, which link URLs are built on: `serve` and the commands
 * that create links on a data directory read the same option and variable, so that they agree.
 */
export const publicBaseUrl = Options.text("public-base-url").pipe(
  Options.withDescription(
    "The absolute http(s) URL the server is reached at, which link URLs are built on (env PUBLIC_BASE_URL; "
      + "default http://HOST:PORT)."
  ),
  Options.filterMap(Option.liftPredicate(isHttpUrl), "--public-base-url must be an absolute http(s) URL"),
  Options.withFallbackConfig(publicBaseUrlSetting),
  Options.optional
)

// Listening on every interface says nothing of how clients reach the server: localhost then.
const positiveDuration = (name: string, fallback: Duration.Duration) =>
  Config.duration(name).pipe(
    Config.validate({
      message: `${name} must be a positive duration, e.g. "30 seconds"`,
      validation: (d: Duration.Duration) => Duration.greaterThan(d, Duration.zero)
    }),
    Config.withDefault(fallback)
  )

export const sessionTtl = positiveDuration("SESSION_TTL", Duration.hours(1))

/**
 * Signs session tokens; when unset, a key is generated once and kept in the data directory.
 * Servers sharing one database must share it.
 */
export const sessionSecret = Config.redacted("SESSION_SECRET").pipe(
  Config.validate({
    message: "SESSION_SECRET must be at least 32 bytes",
    validation: (secret) => new TextEncoder().encode(Redacted.value(secret)).length >= 32
  }),
  Config.option
)

/**
 * Whether `serve` creates a demo organisation on an empty database: `--demo` or
 * `DEMO_ORGANIZATION=true` asks for one; unset, SQLite (a first try, `pnpm start`) has one and
 * PostgreSQL (production) has none.
 */
export const demo = Options.boolean("demo").pipe(
  Options.withDescription(
    "Create a demo organisation on an empty database (env DEMO_ORGANIZATION; default: on SQLite only)."
  )
)

export const demoOrganization = Config.boolean("DEMO_ORGANIZATION").pipe(Config.option)

/** PostgreSQL instead of the embedded SQLite, e.g. `postgres://user@host:5432/dsar`. */
export const databaseUrl = Config.redacted("DATABASE_URL").pipe(Config.option)

/** Where emails go: an SMTP server, e.g. `smtp://user:password@host:587`; unset, they are logged. */
export const smtpUrl = Config.redacted("SMTP_URL").pipe(Config.option)

/** The sender of every email. */
export const mailFrom = Config.string("MAIL_FROM").pipe(Config.withDefault("Privacy requests <privacy@localhost>"))

/** How long one SMTP send may take before it counts as failed and is retried later. */
export const outboxSendTimeout = positiveDuration("OUTBOX_SEND_TIMEOUT", Duration.seconds(30))

/**
 * Failed delivery attempts after which an email is given up (state `failed`, shown on its request,
 * retried on demand); a permanent refusal (an SMTP 5xx) gives it up at once.
 */
export const outboxMaxAttempts = Config.integer("OUTBOX_MAX_ATTEMPTS").pipe(
  Config.validate({
    message: "OUTBOX_MAX_ATTEMPTS must be a whole number of at least 1",
    validation: (n: number) => n >= 1
  }),
  Config.withDefault(OutboxWorker.defaultMaxAttempts)
)

/**
 * How long an email claimed by a worker is left alone by the others; when a process dies while
 * sending, its email is sent again after this (at least twice OUTBOX_SEND_TIMEOUT).
 */
export const outboxLease = positiveDuration("OUTBOX_LEASE", Duration.minutes(2))

/**
 * How long closed requests (fulfilled, refused, archived) are kept, counted from their last change,
 * before the server erases their personal data, e.g. `24 months`; unset, they are kept.
 */
export const retention = Config.string("RETENTION").pipe(
  Config.mapOrFail((text) => {
    const period = parseRetentionPeriod(text)
    return period === undefined
      ? Either.left(
        ConfigError.InvalidData(
          [],
          `RETENTION must be a number of days, months or years, e.g. "24 months", not "${text}"`
        )
      )
      : Either.right(period)
  }),
  Config.option
)

const positiveInteger = (name: string, fallback: number) =>
  Config.integer(name).pipe(
    Config.validate({ message: `${name} must be a whole number above 0`, validation: (n) => n > 0 }),
    Config.withDefault(fallback)
  )

/**
 * How `POST /sessions` is limited: failed (or pending) logins per client address and per key in a
 * window, secrets hashed at once and logins waiting for that. Each server process counts its own.
 */
export const loginLimits = Config.all({
  perAddress: positiveInteger("LOGIN_LIMIT_PER_ADDRESS", defaultLoginLimits.perAddress),
  perKey: positiveInteger("LOGIN_LIMIT_PER_KEY", defaultLoginLimits.perKey),
  window: positiveDuration("LOGIN_LIMIT_WINDOW", defaultLoginLimits.window),
  hashing: positiveInteger("LOGIN_HASHING_CONCURRENCY", defaultLoginLimits.hashing),
  queue: Config.integer("LOGIN_HASHING_QUEUE").pipe(
    Config.validate({ message: "LOGIN_HASHING_QUEUE must be a whole number, 0 or more", validation: (n) => n >= 0 }),
    Config.withDefault(defaultLoginLimits.queue)
  )
})

/** How the requesters' form's submissions are limited: per client address and per organisation, each in its window. */
export const formLimits = Config.all({
  perAddress: positiveInteger("FORM_LIMIT_PER_ADDRESS", defaultFormLimits.perAddress),
  addressWindow: positiveDuration("FORM_LIMIT_ADDRESS_WINDOW", defaultFormLimits.addressWindow),
  perOrganization: positiveInteger("FORM_LIMIT_PER_ORGANIZATION", defaultFormLimits.perOrganization),
  organizationWindow: positiveDuration("FORM_LIMIT_ORGANIZATION_WINDOW", defaultFormLimits.organizationWindow)
})

/**
 * How asking for console sign-in links by email is limited: asks per client address and per email
 * address in a window. Each server process counts its own.
 */
export const signInLinkLimits = Config.all({
  perAddress: positiveInteger("SIGN_IN_LIMIT_PER_ADDRESS", defaultSignInLinkLimits.perAddress),
  perEmail: positiveInteger("SIGN_IN_LIMIT_PER_EMAIL", defaultSignInLinkLimits.perEmail),
  window: positiveDuration("SIGN_IN_LIMIT_WINDOW", defaultSignInLinkLimits.window)
})

/** How many proxies in front append to X-Forwarded-For; 0 (the default): the header is ignored. */
export const trustedProxyHops = Config.integer("TRUSTED_PROXY_HOPS").pipe(
  Config.validate({ message: "TRUSTED_PROXY_HOPS must be a whole number, 0 or more", validation: (n) => n >= 0 }),
  Config.withDefault(0)
)

/**
 * Whether webhook endpoints may target private, loopback and link-local addresses: off, so that
 * an API caller cannot make the server reach into its own network; on for local development and tests.
 */
export const webhooksAllowPrivateTargets = Config.boolean("WEBHOOKS_ALLOW_PRIVATE_TARGETS").pipe(
  Config.withDefault(false)
)

/**
 * How long a request may wait for its requester's confirmation: a reminder after
 * UNVERIFIED_REMINDER_AFTER, closing as refused (identity not verified) after UNVERIFIED_CLOSE_AFTER,
 * both counted from receipt (decision 0024).
 */
export const unverifiedFollowUps = Config.all({
  remind: positiveDuration("UNVERIFIED_REMINDER_AFTER", defaultUnverifiedPolicy.remind_after),
  close: positiveDuration("UNVERIFIED_CLOSE_AFTER", defaultUnverifiedPolicy.close_after)
}).pipe(
  Config.mapOrFail(({ close, remind }) =>
    Either.mapLeft(
      unverifiedPolicy(remind, close),
      () => ConfigError.InvalidData([], "UNVERIFIED_REMINDER_AFTER must be shorter than UNVERIFIED_CLOSE_AFTER")
    )
  )
)

/** How often the server looks for unverified requests due a reminder or a closing. */
export const unverifiedSweepInterval = positiveDuration("UNVERIFIED_SWEEP_INTERVAL", Duration.minutes(10))
