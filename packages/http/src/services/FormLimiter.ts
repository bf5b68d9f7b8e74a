import { Clock, Duration, Effect } from "effect"

/** How the privacy form's submissions are limited; each server process counts on its own. */
export interface FormLimits {
  /** Submissions one client address may make per `addressWindow`. */
  readonly perAddress: number
  readonly addressWindow: Duration.Duration
  /** Submissions one organisation's form may take, from everyone, per `organizationWindow`. */
  readonly perOrganization: number
  readonly organizationWindow: Duration.Duration
}

export const defaultFormLimits: FormLimits = {
  perAddress: 5,
  addressWindow: Duration.minutes(10),
  perOrganization: 300,
  organizationWindow: Duration.hours(1)
}

/** Windows kept per map before the ended ones are swept: bounds the memory a spray of addresses takes. */
const TRACKED = 10_000

interface Window {
  start: number
  count: number
}

/** Fixed windows of at most `limit` hits per key; `hit` answers the milliseconds to wait when over. */
const fixedWindows = (limit: number, window: Duration.Duration) => {
  const millis = Duration.toMillis(window)
  const windows = new Map<string, Window>()
  return {
    /** Whether the key may take one more hit now; the time left in its window when not. */
    over: (key: string, now: number): number | undefined => {
      const found = windows.get(key)
      if (found === undefined || now - found.start >= millis) return undefined
      return found.count >= limit ? found.start + millis - now : undefined
    },
    hit: (key: string, now: number) => {
      const found = windows.get(key)
      if (found !== undefined && now - found.start < millis) {
        found.count++
        return
      }
      if (windows.size >= TRACKED) {
        for (const [other, w] of windows) if (now - w.start >= millis) windows.delete(other)
      }
      windows.set(key, { start: now, count: 1 })
    }
  }
}

/**
 * Like `LoginLimiter`, refused at once with a time to retry rather than made to wait: fixed-window
 * counters per client address and per organisation. Every submission counts, stored or not (a
 * bot's, caught by the honeypot, as much as a person's); one over either limit counts nowhere.
 */
export const makeFormLimiter = (limits: FormLimits) =>
  Effect.sync(() => {
    const byAddress = fixedWindows(limits.perAddress, limits.addressWindow)
    const byOrganization = fixedWindows(limits.perOrganization, limits.organizationWindow)
    /** `undefined` when the submission may go on (it is counted then); else the seconds to wait. */
    const admit = (address: string, organization: string) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const wait = byAddress.over(address, now) ?? byOrganization.over(organization, now)
        if (wait !== undefined) return Math.max(1, Math.ceil(wait / 1000))
        byAddress.hit(address, now)
        byOrganization.hit(organization, now)
        return undefined
      })
    return { admit } as const
  })
