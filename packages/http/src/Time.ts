import type { Language } from "@dsar/domain"
import { Clock, Effect } from "effect"

/** The current instant, from effect's `Clock` (so tests can move it). */
export const currentDate: Effect.Effect<Date> = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

/** The locale dates are written in, by language: day, month name, year, as people of that language read them. */
const Locales: { readonly [L in Language]: string } = { en: "en-GB", fr: "fr-FR", de: "de-DE", es: "es-ES" }

const parsed = (instant: Date | string): Date | undefined => {
  const date = new Date(instant)
  return Number.isNaN(date.getTime()) ? undefined : date
}

/** A day for people, in UTC and in `language`: `1 March 2024`, `1 mars 2024`; text that is no instant stays as it is. */
export const formatDay = (instant: Date | string, language: Language = "en"): string => {
  const date = parsed(instant)
  if (date === undefined) return String(instant)
  return new Intl.DateTimeFormat(Locales[language], { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
    .format(date)
}

/** An instant for people, in UTC: `1 March 2024, 09:15 UTC` (in `language`); text that is no instant stays as it is. */
export const formatInstant = (instant: Date | string, language: Language = "en"): string => {
  const date = parsed(instant)
  if (date === undefined) return String(instant)
  const pad = (n: number) => String(n).padStart(2, "0")
  return `${formatDay(date, language)}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`
}
