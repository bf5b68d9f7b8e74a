import { signingSecrets } from "@dsar/domain"
import { Duration, Effect, Either, Layer } from "effect"
import { Webhook } from "standardwebhooks"
import { type BackoffPolicy, retryDelay } from "../email/OutboxWorker.js"
import { pollForever } from "../PollingLoop.js"
import { type DueWebhook, WebhookSender, WebhookSendError, WebhooksStore } from "../ports/Webhooks.js"
import { currentDate } from "../Time.js"

// The webhook delivery worker, the email worker's twin on the webhooks' outbox: takes the
// deliveries that are due, claims each (a lease, so that several servers on one database do not
// all send it), signs it as the Standard Webhooks specification says and POSTs it, and marks it
// delivered on a 2xx answer, or failed with its next attempt (the email worker's backoff), until
// `maxAttempts` have failed: it is then a dead letter (`failed`) until redelivered on demand.
// At-least-once: a crash between the answer and `markDelivered` sends it again, with the same
// `webhook-id`, by which receivers drop the copy.

/** Signs a body for every secret given: `v1,<signature>` each, space-separated, as the header carries them. */
export const signatureHeader = (
  secrets: ReadonlyArray<string>,
  message: { readonly id: string; readonly at: Date; readonly body: string }
): string => secrets.map((secret) => new Webhook(secret).sign(message.id, message.at, message.body)).join(" ")

/** The headers of one attempt: its `webhook-id` (the same on every attempt), the attempt's time, its signatures. */
export const webhookHeaders = (delivery: DueWebhook, at: Date): Record<string, string> => ({
  "content-type": "application/json",
  "user-agent": "dsar-toolkit-webhooks",
  "webhook-id": delivery.id,
  "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
  "webhook-signature": signatureHeader(signingSecrets(delivery, at), { id: delivery.id, at, body: delivery.payload })
})

/** 5 s, 10 s, 20 s, ... then 1 hour for every later attempt; each up to 20% shorter. */
export const defaultWebhookBackoff: BackoffPolicy = {
  initial: Duration.seconds(5),
  max: Duration.hours(1),
  jitter: 0.2
}

/** Failed attempts after which a delivery is a dead letter, unless told otherwise: about 11 hours with the default backoff. */
export const defaultMaxAttempts = 20

export interface WebhookWorkerOptions {
  /** Deliveries taken per pass (default 20). A full batch starts the next pass at once. */
  readonly batchSize?: number
  /** How many deliveries are sent at the same time (default 8). */
  readonly concurrency?: number
  /** The wait after a pass that found fewer than `batchSize` deliveries (default 1 s). */
  readonly pollInterval?: Duration.DurationInput
  /** How long the receiver may take to answer before the attempt counts as failed (default 15 s). */
  readonly sendTimeout?: Duration.DurationInput
  /** How long a claimed delivery is left alone by other workers (default 2 min, at least twice `sendTimeout`). */
  readonly lease?: Duration.DurationInput
  readonly backoff?: Partial<BackoffPolicy>
  readonly maxAttempts?: number
}

interface Config {
  readonly batchSize: number
  readonly concurrency: number
  readonly pollInterval: Duration.Duration
  readonly sendTimeout: Duration.Duration
  readonly lease: Duration.Duration
  readonly backoff: BackoffPolicy
  readonly maxAttempts: number
}

const configure = (options: WebhookWorkerOptions): Config => {
  const sendTimeout = Duration.decode(options.sendTimeout ?? Duration.seconds(15))
  return {
    batchSize: Math.max(1, Math.floor(options.batchSize ?? 20)),
    concurrency: Math.max(1, Math.floor(options.concurrency ?? 8)),
    pollInterval: Duration.decode(options.pollInterval ?? Duration.seconds(1)),
    sendTimeout,
    lease: Duration.max(Duration.decode(options.lease ?? Duration.minutes(2)), Duration.times(sendTimeout, 2)),
    backoff: { ...defaultWebhookBackoff, ...options.backoff },
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? defaultMaxAttempts))
  }
}

const later = (at: Date, delay: Duration.Duration) => new Date(at.getTime() + Duration.toMillis(delay))

/** An error as the delivery log shows it: one line, at most 1,000 characters. */
const oneLine = (text: string) =>
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim().slice(0, 1000) || "unknown error"

export type WorkerNeeds = WebhooksStore | WebhookSender

type Outcome = "delivered" | "failed" | "dead" | "skipped"

const attempt = (delivery: DueWebhook, config: Config): Effect.Effect<Outcome, never, WorkerNeeds> =>
  Effect.gen(function*() {
    const store = yield* WebhooksStore
    const sender = yield* WebhookSender
    const claimedAt = yield* currentDate
    if (!(yield* store.claim(delivery.id, { now: claimedAt, until: later(claimedAt, config.lease) }))) {
      return "skipped" as const
    }
    const sent = yield* sender.send({
      url: delivery.url,
      headers: webhookHeaders(delivery, claimedAt),
      body: delivery.payload
    }).pipe(
      Effect.timeoutFail({
        duration: config.sendTimeout,
        onTimeout: () =>
          new WebhookSendError({ message: `no answer within ${Duration.format(config.sendTimeout)}`, status: null })
      }),
      Effect.either,
      // Stopped mid-send (the server shuts down): the outcome is unknown, so it is due again at once.
      Effect.onInterrupt(() =>
        Effect.flatMap(currentDate, (at) =>
          store.markFailed(delivery.id, {
            at,
            error: "interrupted: the worker stopped during the attempt",
            status: null,
            next_attempt_at: at
          }))
      )
    )
    const at = yield* currentDate
    if (Either.isRight(sent)) {
      yield* store.markDelivered(delivery.id, { at, status: sent.right.status })
      return "delivered" as const
    }
    const failure = { at, error: oneLine(sent.left.message), status: sent.left.status }
    const failures = delivery.attempts + 1
    if (failures >= config.maxAttempts) {
      yield* store.markDead(delivery.id, failure)
      yield* Effect.logWarning("Webhook not delivered; given up until redelivered").pipe(
        Effect.annotateLogs({ attempts: failures, error: failure.error })
      )
      return "dead" as const
    }
    const next_attempt_at = later(at, yield* retryDelay(config.backoff, failures))
    yield* store.markFailed(delivery.id, { ...failure, next_attempt_at })
    yield* Effect.logWarning("Webhook not delivered; will retry").pipe(
      Effect.annotateLogs({ attempts: failures, next_attempt_at: next_attempt_at.toISOString(), error: failure.error })
    )
    return "failed" as const
  }).pipe(
    Effect.annotateLogs({
      webhook_id: delivery.id,
      event_type: delivery.event_type,
      endpoint_id: delivery.endpoint_id,
      organization_id: delivery.organization_id
    })
  )

/** One pass: every due delivery (at most a batch) attempted once; returns how many were due. */
export const pass = (options: WebhookWorkerOptions = {}) => {
  const config = configure(options)
  return Effect.gen(function*() {
    const due = yield* (yield* WebhooksStore).due(yield* currentDate, config.batchSize)
    yield* Effect.forEach(due, (delivery) => attempt(delivery, config), {
      concurrency: config.concurrency,
      discard: true
    })
    return due.length
  })
}

/** The worker: passes forever; a pass that fails is logged and tried again after `pollInterval`. */
export const run = (options: WebhookWorkerOptions = {}): Effect.Effect<never, never, WorkerNeeds> => {
  const config = configure(options)
  return pollForever(pass(options), {
    ...config,
    failure: "Webhook delivery pass failed; retrying",
    component: "webhook-worker"
  })
}

/** The worker as a background fiber for the lifetime of the layer. */
export const layer = (options: WebhookWorkerOptions = {}): Layer.Layer<never, never, WorkerNeeds> =>
  Layer.scopedDiscard(Effect.forkScoped(run(options)))
