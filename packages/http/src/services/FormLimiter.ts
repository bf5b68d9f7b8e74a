import { Clock, Duration, Effect } from "effect"
import { fixedWindows, retryAfterSeconds } from "./FixedWindows.js"

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

/**
 * Like `LoginLimiter`, refused at once with a time to retry rather than made to wait: fixed-window
 * counters (`fixedWindows`) per client address and per organisation. Every submission counts, stored or not (a
 * bot's, caught by the honeypot, as much as a person's); one over either limit counts nowhere.
 */
export const makeFormLimiter = (limits: FormLimits) =>
  Effect.sync(() => {
    const byAddress = fixedWindows(limits.addressWindow)
    const byOrganization = fixedWindows(limits.organizationWindow)
    /** `undefined` when the submission may go on (it is counted then); else the seconds to wait. */
    const admit = (address: string, organization: string) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const fromAddress = byAddress.at(address, now)
        const forOrganization = byOrganization.at(organization, now)
        if (fromAddress.count >= limits.perAddress) return retryAfterSeconds(byAddress.windowLeft(fromAddress, now))
        if (forOrganization.count >= limits.perOrganization) {
          return retryAfterSeconds(byOrganization.windowLeft(forOrganization, now))
        }
        fromAddress.count++
        forOrganization.count++
        return undefined
      })
    return { admit } as const
  })
