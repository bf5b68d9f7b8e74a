import { Clock, Data, Duration, Effect } from "effect"
import { fixedWindows, retryAfterSeconds } from "./FixedWindows.js"

/** How logins (`POST /sessions`) are limited; each server process counts on its own. */
export interface LoginLimits {
  /** Failed or pending logins one client address may make per `window`. */
  readonly perAddress: number
  /** Failed or pending logins naming one key (known or not) per `window`. */
  readonly perKey: number
  readonly window: Duration.Duration
  /** Secrets checked at once (each an scrypt: tens of MiB and a large fraction of a second of CPU). */
  readonly hashing: number
  /** Logins that may wait for a hashing slot; more are refused at once. */
  readonly queue: number
}

export const defaultLoginLimits: LoginLimits = {
  perAddress: 20,
  perKey: 10,
  window: Duration.minutes(1),
  hashing: 2,
  queue: 8
}

/** One address has at most this many logins being checked or waiting: alone it can hold one hashing slot. */
export const PENDING_PER_ADDRESS = 1

/** A login refused before its secret is hashed; `retryAfterSeconds` is what `Retry-After` says. */
export class LoginThrottled extends Data.TaggedError("LoginThrottled")<{
  readonly message: string
  readonly retryAfterSeconds: number
}> {}

// Fixed-window counters (`fixedWindows`) of failures plus logins in flight (a login that succeeds
// gives its place back, so a client that knows its secret is never limited), and a semaphore with
// a bounded waiting line in front of the hashing.
export const makeLoginLimiter = (limits: LoginLimits) =>
  Effect.gen(function*() {
    const hashing = yield* Effect.makeSemaphore(limits.hashing)
    const byAddress = fixedWindows(limits.window)
    const byKey = fixedWindows(limits.window)
    let admitted = 0

    const refuse = (message: string, retryAfterMillis: number): Effect.Effect<never, LoginThrottled> =>
      Effect.fail(new LoginThrottled({ message, retryAfterSeconds: retryAfterSeconds(retryAfterMillis) }))

    /**
     * Runs `check` (which hashes a secret) unless the address, the key or the hashing queue is over
     * its limit; `succeeded` tells a login that counts as a failure from one that does not.
     */
    const guard = <A, E, R>(
      address: string,
      key: string,
      check: Effect.Effect<A, E, R>,
      succeeded: (a: A) => boolean
    ) =>
      Effect.flatMap(Clock.currentTimeMillis, (now): Effect.Effect<A, E | LoginThrottled, R> => {
        const client = byAddress.at(address, now)
        const named = byKey.at(key, now)
        if (client.pending >= PENDING_PER_ADDRESS) return refuse("Too many logins at once from this address", 1000)
        if (client.count + client.pending >= limits.perAddress) {
          return refuse("Too many failed logins from this address", byAddress.windowLeft(client, now))
        }
        if (named.count + named.pending >= limits.perKey) {
          return refuse("Too many failed logins for this key", byKey.windowLeft(named, now))
        }
        if (admitted >= limits.hashing + limits.queue) {
          return refuse("Too many logins in progress", 1000)
        }
        client.pending++
        named.pending++
        admitted++
        return hashing.withPermits(1)(check).pipe(
          Effect.onExit((exit) =>
            Effect.sync(() => {
              client.pending--
              named.pending--
              admitted--
              if (exit._tag === "Failure" || !succeeded(exit.value)) {
                client.count++
                named.count++
              }
            })
          )
        )
      })

    return { guard } as const
  })
