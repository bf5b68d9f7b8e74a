import { test } from "@fast-check/vitest"
import { Arbitrary, Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { contrastRatio, HexColor, OrganizationSettings, PatchOrganizationSettings, textColorOn } from "../src/index.js"

describe("an organisation's colours", () => {
  test.prop([Arbitrary.make(HexColor)])(
    "text on any organisation colour contrasts with it at least 4.5:1 (WCAG AA)",
    (color) => {
      expect(contrastRatio(textColorOn(color), color)).toBeGreaterThanOrEqual(4.5)
    }
  )

  it("are six hexadecimal digits, read in any case; anything else is refused", () => {
    expect(Schema.decodeUnknownSync(HexColor)("#1D4ED8")).toBe("#1d4ed8")
    for (const bad of ["1d4ed8", "#fff", "red", "#1d4ed8;x", "url(x)"]) {
      expect(Either.isLeft(Schema.decodeUnknownEither(HexColor)(bad))).toBe(true)
    }
  })
})

describe("organisation settings", () => {
  it("default to no branding and English, and a change may reset one to null", () => {
    expect(Schema.decodeUnknownSync(OrganizationSettings)({})).toEqual({
      sender_name: null,
      reply_to: null,
      logo_url: null,
      primary_color: null,
      background_color: null,
      default_language: "en",
      slug: null
    })
    expect(Schema.decodeUnknownSync(PatchOrganizationSettings)({ logo_url: null, default_language: "de" })).toEqual({
      logo_url: null,
      default_language: "de"
    })
  })

  it("refuse a logo that is not https and a reply-to that is not an address", () => {
    const decode = Schema.decodeUnknownEither(PatchOrganizationSettings)
    expect(Either.isLeft(decode({ logo_url: "http://example.org/logo.png" }))).toBe(true)
    expect(Either.isLeft(decode({ reply_to: "not an address" }))).toBe(true)
    expect(Either.isRight(decode({ reply_to: " Privacy@Example.org " }))).toBe(true)
  })
})
