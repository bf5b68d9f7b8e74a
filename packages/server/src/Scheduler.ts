import { Scheduler } from "effect"

/**
 * The scheduler `dsar serve` runs its fibers on: each fiber's ready work is run in one batch, then
 * the event loop turns (`setImmediate`, right after sockets are polled) before its next batch.
 * Effect's default runs up to 2,048 rounds in microtasks first; under load some fiber was always
 * ready (requests, the outbox and webhook workers), so sockets and timers waited up to half a
 * second at a time, and the requests piling up meanwhile cost more CPU each (decision 0029).
 */
export const eventLoopFair: Scheduler.Scheduler = Scheduler.makeBatched((drain) => setImmediate(drain))
