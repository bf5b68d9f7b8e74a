import { defaultOrganizationSettings, type OrganizationId } from "@dsar/domain"
import { Array as Arr, Cause, Duration, Effect, Either, Layer, Option, Random } from "effect"
import { pollForever } from "../PollingLoop.js"
import type { IdGenerator } from "../ports/Crypto.js"
import { Mailer, MailerError } from "../ports/Mailer.js"
import { Outbox, type QueuedMessage } from "../ports/Outbox.js"
import {
  EmailTemplatesStore,
  type HistoryStore,
  OrganizationsStore,
  RequestsStore,
  type Transactor
} from "../ports/Stores.js"
import type { WebhooksStore } from "../ports/Webhooks.js"
import { recordDelivered, recordUndeliverable } from "../services/Emails.js"
import { currentDate } from "../Time.js"
import { type EmailContext, renderEmail } from "./Templates.js"

// The outbox delivery worker: takes the messages that are due, claims each (so that several
// server processes on one database do not all send it), renders it, hands it to the Mailer, and
// marks it delivered, or failed with the time of its next attempt. A failed attempt is retried,
// with exponential backoff, until a send succeeds, the transport refuses the message for good (an
// SMTP 5xx), or `maxAttempts` have failed: the message is then given up (state `failed`, and an
// `email.failed` entry in its request's history) until it is retried on demand. It is never
// dropped. Delivery is at-least-once (a
// crash between the send and `markDelivered` sends it again); the outbox id travels as the
// email's Message-ID so receivers can drop the copy.
//
// Time comes from the Effect `Clock` and jitter from `Random`, so tests drive it with `TestClock`.

/** Retry delays: `initial`, doubled after each failure, at most `max`, each shortened at random by up to `jitter`. */
export interface BackoffPolicy {
  readonly initial: Duration.DurationInput
  readonly max: Duration.DurationInput
  /** From 0 (none) to 1: the delay is `nominal × (1 − jitter × r)` for a random `r` in [0, 1). */
  readonly jitter: number
}

/** 1 s, 2 s, 4 s, 8 s, ... 256 s, then 5 min for every later attempt; each up to 20% shorter. */
export const defaultBackoff: BackoffPolicy = { initial: Duration.seconds(1), max: Duration.minutes(5), jitter: 0.2 }

/** The delay before the next attempt of a message that has failed `failures` times (at least 1), before jitter. */
export const nominalDelay = (policy: BackoffPolicy, failures: number): Duration.Duration => {
  const initial = Duration.toMillis(policy.initial)
  const max = Duration.toMillis(policy.max)
  return Duration.millis(Math.min(max, initial * 2 ** Math.max(0, failures - 1)))
}

/** `nominalDelay` with its jitter drawn from `Random`. */
export const retryDelay = (policy: BackoffPolicy, failures: number): Effect.Effect<Duration.Duration> =>
  Effect.map(Random.next, (r) => {
    const jitter = Math.min(1, Math.max(0, policy.jitter))
    return Duration.millis(Math.round(Duration.toMillis(nominalDelay(policy, failures)) * (1 - jitter * r)))
  })

export interface OutboxWorkerOptions {
  /** Messages taken per pass (default 20). A full batch starts the next pass at once. */
  readonly batchSize?: number
  /**
   * How many requests' messages are sent at the same time (default 8); one request's messages go
   * out one after another, in order. A send waits on the SMTP server's answers: side by side, a
   * pass takes as long as the slowest request's messages, not as all of them.
   */
  readonly concurrency?: number
  /** The wait after a pass that found fewer than `batchSize` messages (default 1 s). */
  readonly pollInterval?: Duration.DurationInput
  /** How long one send may take before it counts as failed (default 30 s). */
  readonly sendTimeout?: Duration.DurationInput
  /**
   * How long a claimed message is left alone by other workers (default 2 min, and at least twice
   * `sendTimeout`). It only matters when a worker dies during an attempt: its message is due
   * again when the lease ends.
   */
  readonly lease?: Duration.DurationInput
  readonly backoff?: Partial<BackoffPolicy>
  /**
   * Failed attempts after which a message is given up (default 100: about 8 hours with the
   * default backoff). A permanent refusal gives it up at once.
   */
  readonly maxAttempts?: number
  /**
   * The sender address of every email; the Mailer's own default when absent. Each email goes out
   * under its organisation's sender name, from this address.
   */
  readonly from?: string
}

/** Failed attempts after which a message is given up, unless told otherwise. */
export const defaultMaxAttempts = 100

interface Config {
  readonly batchSize: number
  readonly concurrency: number
  readonly pollInterval: Duration.Duration
  readonly sendTimeout: Duration.Duration
  readonly lease: Duration.Duration
  readonly backoff: BackoffPolicy
  readonly maxAttempts: number
  readonly from: string | undefined
}

const configure = (options: OutboxWorkerOptions): Config => {
  const sendTimeout = Duration.decode(options.sendTimeout ?? Duration.seconds(30))
  return {
    batchSize: Math.max(1, Math.floor(options.batchSize ?? 20)),
    concurrency: Math.max(1, Math.floor(options.concurrency ?? 8)),
    pollInterval: Duration.decode(options.pollInterval ?? Duration.seconds(1)),
    sendTimeout,
    // A lease shorter than a send would let another worker take the message while it is being sent.
    lease: Duration.max(Duration.decode(options.lease ?? Duration.minutes(2)), Duration.times(sendTimeout, 2)),
    backoff: { ...defaultBackoff, ...options.backoff },
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? defaultMaxAttempts)),
    from: options.from
  }
}

const later = (at: Date, delay: Duration.Duration) => new Date(at.getTime() + Duration.toMillis(delay))

/**
 * An error as stored in `last_error` and shown on the request (or logged, for a sign-in link's
 * email): one line, at most 1,000 characters, no control characters, and without the recipient's
 * address (SMTP replies often quote it).
 */
export const describeMailFailure = (cause: Cause.Cause<{ readonly message: string }>, recipient: string): string => {
  const text = Either.match(Cause.failureOrCause(cause), { onLeft: (error) => error.message, onRight: Cause.pretty })
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  const oneLine = text.replace(/[\u0000-\u001f\u007f]+/g, " ")
  const address = new RegExp(recipient.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi")
  const anonymous = recipient === "" ? oneLine : oneLine.replace(address, "<recipient>")
  return anonymous.trim().slice(0, 1000) || "unknown error"
}

/** Whether the transport said the message will never be accepted. */
const permanent = (cause: Cause.Cause<MailerError>): boolean =>
  Either.match(Cause.failureOrCause(cause), { onLeft: (error) => error.permanent === true, onRight: () => false })

/** What the worker needs: the outbox, a mailer, and what recording an outcome on the request takes. */
export type WorkerNeeds =
  | Outbox
  | Mailer
  | RequestsStore
  | HistoryStore
  | Transactor
  | IdGenerator
  | OrganizationsStore
  | EmailTemplatesStore
  | WebhooksStore

/** What rendering reads of a message's organisation: its name, settings and own templates. */
type OrganizationContext = Omit<EmailContext, "request">

/**
 * What rendering reads of an organisation, once per pass for all its messages (a template changed
 * meanwhile applies from the next pass). An organisation that is gone renders under its id, plainly.
 */
const organizationContextOf = (organization_id: OrganizationId) =>
  Effect.gen(function*() {
    const organization = yield* (yield* OrganizationsStore).findById(organization_id)
    const templates = yield* (yield* EmailTemplatesStore).list(organization_id)
    return {
      organization: Option.getOrElse(organization, () => ({
        name: organization_id,
        settings: defaultOrganizationSettings
      })),
      templates
    } satisfies OrganizationContext
  })

/** What rendering the message reads at delivery time: its organisation's context and its request. */
const contextOf = (message: QueuedMessage, organization: OrganizationContext) =>
  Effect.map(
    Effect.flatMap(RequestsStore, (requests) => requests.findById(message.organization_id, message.request_id)),
    (request): EmailContext => ({
      ...organization,
      ...(Option.isSome(request) ? { request: request.value.value } : {})
    })
  )

/** What became of one message in a pass. */
type Outcome = "delivered" | "failed" | "given_up" | "skipped"

/** One attempt at one due message; `skipped` when another worker claimed it first. */
const attempt = (
  message: QueuedMessage,
  organization: OrganizationContext,
  config: Config
): Effect.Effect<Outcome, never, WorkerNeeds> =>
  Effect.gen(function*() {
    const outbox = yield* Outbox
    const mailer = yield* Mailer
    const claimedAt = yield* currentDate
    if (!(yield* outbox.claim(message.id, { now: claimedAt, until: later(claimedAt, config.lease) }))) {
      return "skipped" as const
    }

    const rendered = renderEmail(message, yield* contextOf(message, organization))
    const sent = yield* mailer
      .send({
        messageId: message.id,
        to: message.to,
        ...(config.from === undefined ? {} : { from: config.from }),
        ...rendered
      })
      .pipe(
        Effect.timeoutFail({
          duration: config.sendTimeout,
          onTimeout: () => new MailerError({ message: `no answer within ${Duration.format(config.sendTimeout)}` })
        }),
        Effect.sandbox,
        Effect.either,
        // Stopped mid-send (the server shuts down): the outcome is unknown, so it counts as a failed
        // attempt due again at once, rather than waiting for the lease to end.
        Effect.onInterrupt(() =>
          Effect.flatMap(
            currentDate,
            (at) =>
              outbox.markFailed(message.id, {
                at,
                error: "interrupted: the worker stopped during the attempt",
                next_attempt_at: at
              })
          )
        )
      )

    const at = yield* currentDate
    if (Either.isRight(sent)) {
      yield* recordDelivered(message, at)
      yield* Effect.logInfo("Email delivered")
      return "delivered" as const
    }
    const failures = message.attempts + 1
    if (permanent(sent.left) || failures >= config.maxAttempts) {
      const error = describeMailFailure(sent.left, message.to)
      yield* recordUndeliverable(message, { at, error })
      yield* Effect.logWarning("Email not delivered; given up until retried").pipe(
        Effect.annotateLogs({ attempts: failures, permanent: permanent(sent.left), error })
      )
      return "given_up" as const
    }
    const next_attempt_at = later(at, yield* retryDelay(config.backoff, failures))
    const error = describeMailFailure(sent.left, message.to)
    yield* outbox.markFailed(message.id, { at, error, next_attempt_at })
    yield* Effect.logWarning("Email not delivered; will retry").pipe(
      Effect.annotateLogs({ attempts: failures, next_attempt_at: next_attempt_at.toISOString(), error })
    )
    return "failed" as const
  }).pipe(
    Effect.annotateLogs({ outbox_message_id: message.id, kind: message.kind, organization_id: message.organization_id })
  )

const pass = (config: Config) =>
  Effect.gen(function*() {
    const due = yield* (yield* Outbox).due(yield* currentDate, config.batchSize)
    const organizations = new Map(
      yield* Effect.forEach(
        Arr.dedupe(due.map((message) => message.organization_id)),
        (id) => Effect.map(organizationContextOf(id), (context) => [id, context] as const)
      )
    )
    const byRequest = Object.values(Arr.groupBy(due, (message) => message.request_id))
    yield* Effect.forEach(
      byRequest,
      (messages) =>
        Effect.forEach(messages, (message) => attempt(message, organizations.get(message.organization_id)!, config)),
      { concurrency: config.concurrency, discard: true }
    )
    return due.length
  })

/**
 * The worker: passes forever, waiting `pollInterval` after a pass that found fewer than a full
 * batch. A pass that fails (storage unreachable, say) is logged and tried again after
 * `pollInterval`; the worker itself never fails. Interrupt it to stop it.
 */
export const run = (options: OutboxWorkerOptions = {}): Effect.Effect<never, never, WorkerNeeds> => {
  const config = configure(options)
  return pollForever(pass(config), {
    ...config,
    failure: "Outbox delivery pass failed; retrying",
    component: "outbox-worker"
  })
}

/**
 * The worker as a background fiber for the lifetime of the layer: it starts when the layer is
 * built and is interrupted when its scope closes. Needs the stores, an `IdGenerator` and a `Mailer`.
 */
export const layer = (options: OutboxWorkerOptions = {}): Layer.Layer<never, never, WorkerNeeds> =>
  Layer.scopedDiscard(Effect.forkScoped(run(options)))
