import { Schema } from "effect"
import type { Translations } from "./Translations.js"

/**
 * The languages requesters are written to in, as data: adding one is adding its code here, the
 * countries that speak it below, and its wording wherever a `Record<Language, ...>` asks for it
 * (the compiler lists every such place).
 */
export const Languages = ["en", "fr", "de", "es"] as const

export const Language = Schema.Literal(...Languages).annotations({
  identifier: "Language",
  description: "A language requesters are written to in (emails and link pages): an ISO 639-1 code.",
  message: () => ({ message: `must be one of ${Languages.join(", ")}`, override: true })
})
export type Language = typeof Language.Type

/** The language every wording exists in; the last resort of `translate`. */
export const FallbackLanguage: Language = "en"

/**
 * The language a country's requesters are written to in, by ISO 3166-1 alpha-2 code: the
 * country's main official language among `Languages`. Countries of several languages (Belgium,
 * Switzerland, Canada) are left out: their people are better served by the organisation's default
 * than by a guess.
 */
export const CountryLanguages: Readonly<Record<string, Language>> = {
  ...Object.fromEntries(["US", "GB", "IE", "AU", "NZ", "ZA", "IN", "SG"].map((country) => [country, "en" as const])),
  ...Object.fromEntries(["FR", "LU", "MC", "SN", "CI", "CM"].map((country) => [country, "fr" as const])),
  ...Object.fromEntries(["DE", "AT", "LI"].map((country) => [country, "de" as const])),
  ...Object.fromEntries(
    ["ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "GT", "CU", "BO", "DO", "HN", "PY", "SV", "NI", "CR", "PA", "UY"]
      .map((country) => [country, "es" as const])
  )
}

/** The language of a country given as an alpha-2 code (any case, spaces around allowed); none when unknown. */
export const languageOfCountry = (country: string | null | undefined): Language | undefined =>
  country === null || country === undefined ? undefined : CountryLanguages[country.trim().toUpperCase()]

/**
 * A request's language: the one it asks for; else the language of its user's country; else of
 * its source's country; else the organisation's default.
 */
export const requestLanguage = (input: {
  readonly requested?: Language | undefined
  readonly userCountry?: string | null | undefined
  readonly sourceCountry?: string | null | undefined
  readonly organizationDefault: Language
}): Language =>
  input.requested
    ?? languageOfCountry(input.userCountry)
    ?? languageOfCountry(input.sourceCountry)
    ?? input.organizationDefault

/** A text in `language`: its translation when there is one, else the fallback language's, else any. */
export const translate = (translations: Translations, language: Language): string =>
  translations[language] ?? translations[FallbackLanguage] ?? Object.values(translations)[0] ?? ""

/**
 * The first of our languages a browser's `Accept-Language` header names (by its primary subtag,
 * in the order given: quality values are not weighed, browsers list by preference), if any.
 */
export const languageOfAcceptLanguage = (header: string | undefined): Language | undefined => {
  for (const range of (header ?? "").split(",")) {
    const primary = range.split(";")[0]!.trim().split("-")[0]!.toLowerCase()
    const found = Languages.find((language) => language === primary)
    if (found !== undefined) return found
  }
  return undefined
}
