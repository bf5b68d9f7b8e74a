import type { Language } from "@dsar/domain"
import { Clock, Effect } from "effect"

/** The current instant, from effect's `Clock` (so tests can move it). */
export const currentDate: Effect.Effect<Date> = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

/** The locale dates are written in, by language: day, month name, year, as people of that language read them. */
const Locales: { readonly [L in Language]: string } = { en: "en-GB", fr: "fr-FR", de: "de-DE", es: "es-ES" }

// Made once per language: making a formatter costs far more than formatting (a few percent of a
// POST's CPU went to it, through the receipt email).
const dayFormats = new Map<Language, Intl.DateTimeFormat>()
const dayFormat = (language: Language) => {
  let format = dayFormats.get(language)
  if (format === undefined) {
    format = new Intl.DateTimeFormat(Locales[language], {
      day: "numeric",
      month: "long",
      year: "numeric",
      timeZone: "UTC"
    })
    dayFormats.set(language, format)
  }
  return format
}

const parsed = (instant: Date | string): Date | undefined => {
  const date = new Date(instant)
  return Number.isNaN(date.getTime()) ? undefined : date
}

/** A day for people, in UTC and in `language`: `1 March 2024`, `1 mars 2024`; text that is no instant stays as it is. */
export const formatDay = (instant: Date | string, language: Language = "en"): string => {
  const date = parsed(instant)
  if (date === undefined) return String(instant)
  return dayFormat(language).format(date)
}

/** An instant for people, in UTC: `1 March 2024, 09:15 UTC` (in `language`); text that is no instant stays as it is. */
export const formatInstant = (instant: Date | string, language: Language = "en"): string => {
  const date = parsed(instant)
  if (date === undefined) return String(instant)
  const pad = (n: number) => String(n).padStart(2, "0")
  return `${formatDay(date, language)}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`
}
