import { Clock, Effect } from "effect"

/** The current instant, from effect's `Clock` (so tests can move it). */
export const currentDate: Effect.Effect<Date> = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December"
]

/** An instant for people, in UTC: `1 March 2024, 09:15 UTC`; text that is no instant stays as it is. */
export const formatInstant = (instant: Date | string): string => {
  const date = new Date(instant)
  if (Number.isNaN(date.getTime())) return String(instant)
  const pad = (n: number) => String(n).padStart(2, "0")
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${time} UTC`
}
