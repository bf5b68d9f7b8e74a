import { Duration } from "effect"

/** What one id (a client address, a key, an email address) did in its current window. */
export interface WindowCount {
  /** When the window began (epoch milliseconds). */
  windowStart: number
  /** What counts against the limit in this window; back to 0 when the next window begins. */
  count: number
  /** What is under way for the id: not reset with the window, and an entry with some is never swept. */
  pending: number
}

/** Entries kept per map before the idle ones are swept: bounds the memory a spray of ids takes. */
const TRACKED = 10_000

/**
 * Counters in fixed windows, one per id, in this process's memory. A flood is refused at no
 * cost (one map entry per id) and told when to come back; a burst across a window's edge may pass
 * twice the limit, which a limit against floods can bear. Effect's `RateLimiter` would make the
 * caller wait for a permit instead.
 */
export const fixedWindows = (window: Duration.DurationInput) => {
  const windowMillis = Duration.toMillis(window)
  const counts = new Map<string, WindowCount>()

  /** The id's counter at `now`, a fresh window when its last one is over. */
  const at = (id: string, now: number): WindowCount => {
    let found = counts.get(id)
    if (found === undefined) {
      if (counts.size >= TRACKED) {
        for (const [other, c] of counts) {
          if (c.pending === 0 && now - c.windowStart >= windowMillis) counts.delete(other)
        }
      }
      found = { windowStart: now, count: 0, pending: 0 }
      counts.set(id, found)
    } else if (now - found.windowStart >= windowMillis) {
      found.windowStart = now
      found.count = 0
    }
    return found
  }

  /** Milliseconds until the counter's window ends. */
  const windowLeft = (counter: WindowCount, now: number) => counter.windowStart + windowMillis - now

  return { at, windowLeft } as const
}

/** What `Retry-After` says for a wait of `millis`: whole seconds, at least 1. */
export const retryAfterSeconds = (millis: number) => Math.max(1, Math.ceil(millis / 1000))
