import { test } from "@fast-check/vitest"
import { Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  CountryLanguages,
  CreateRequest,
  FallbackLanguage,
  Language,
  languageOfCountry,
  Languages,
  requestLanguage,
  translate,
  UserRightsCatalogue
} from "../src/index.js"

const language = fc.constantFrom(...Languages)
const country = fc.option(fc.oneof(fc.constantFrom(...Object.keys(CountryLanguages)), fc.string()), { nil: null })

describe("a request's language", () => {
  test.prop([language, country, country, language])(
    "the language the request asks for wins over every country and the organisation's default",
    (requested, userCountry, sourceCountry, organizationDefault) => {
      expect(requestLanguage({ requested, userCountry, sourceCountry, organizationDefault })).toBe(requested)
    }
  )

  test.prop([country, country, language])(
    "without one, the user's country decides, then the source's, then the organisation's default",
    (userCountry, sourceCountry, organizationDefault) => {
      const expected = languageOfCountry(userCountry) ?? languageOfCountry(sourceCountry) ?? organizationDefault
      expect(requestLanguage({ userCountry, sourceCountry, organizationDefault })).toBe(expected)
    }
  )

  test.prop([fc.constantFrom(...Object.keys(CountryLanguages)), language])(
    "a country is read in any case, spaces around allowed",
    (code, organizationDefault) => {
      const spoken = CountryLanguages[code]!
      expect(requestLanguage({ userCountry: ` ${code.toLowerCase()} `, organizationDefault })).toBe(spoken)
    }
  )

  it("a country we do not know, or of several languages, falls through to the next source", () => {
    expect(requestLanguage({ userCountry: "CH", sourceCountry: "FR", organizationDefault: "de" })).toBe("fr")
    expect(requestLanguage({ userCountry: "Narnia", sourceCountry: null, organizationDefault: "es" })).toBe("es")
  })

  it("is an optional extension of the create body, refused when not one of ours", () => {
    const decode = Schema.decodeUnknownEither(CreateRequest)
    const body = {
      organization_user_id: "u1",
      user_right_id: "cpra_opt_out",
      status: "verified",
      source: { type: "DSAR" }
    }
    expect(decode(body)._tag).toBe("Right")
    expect(decode({ ...body, language: "fr" })._tag).toBe("Right")
    expect(String(Schema.decodeUnknownEither(Language)("xx").pipe((e) => e._tag === "Left" && e.left.message)))
      .toContain(`must be one of ${Languages.join(", ")}`)
  })
})

describe("translations", () => {
  test.prop([fc.dictionary(language, fc.string()), language])(
    "a text reads in the language asked for when it exists, else in the fallback language",
    (translations, wanted) => {
      const expected = translations[wanted] ?? translations[FallbackLanguage] ?? Object.values(translations)[0] ?? ""
      expect(translate(translations, wanted)).toBe(expected)
    }
  )

  it("the CPRA rights have their labels in every language; a text without a translation reads in English", () => {
    for (const id of ["cpra_access_my_data", "cpra_delete_my_data", "cpra_opt_out"] as const) {
      expect(Object.keys(UserRightsCatalogue[id].label).sort()).toEqual([...Languages].sort())
    }
    expect(translate(UserRightsCatalogue.gdpr_access.label, "fr")).toBe(UserRightsCatalogue.gdpr_access.label.fr)
    expect(translate({ en: "Access my data", pt: "Acessar meus dados" }, "fr")).toBe("Access my data")
  })
})
