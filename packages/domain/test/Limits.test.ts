import { test } from "@fast-check/vitest"
import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  CreateRequest,
  decodeInput,
  HttpsUrl,
  isEmailAddress,
  jsonProblem,
  Limits,
  MetadataInput,
  Text
} from "../src/index.js"

const text = Schema.decodeUnknownEither(Text(Limits.name))

describe("limits (docs/api.md)", () => {
  test.prop([
    fc.string({ maxLength: 10 }),
    fc.string({ maxLength: 10 }),
    fc.constantFrom("\u0000", "\ud800", "\udfff")
  ])(
    "a string with a NUL or an unpaired surrogate anywhere is refused",
    (before, after, bad) => {
      expect(Either.isLeft(text(`${before}${bad}${after}`))).toBe(true)
    }
  )

  test.prop([fc.string({ unit: "grapheme", maxLength: Limits.name })])(
    "valid Unicode within the limit is kept",
    (value) => {
      fc.pre(!value.includes("\u0000") && value.length <= Limits.name)
      expect(text(value)).toEqual(Either.right(value))
    }
  )

  it("a __proto__ key is refused at any depth, rather than dropped", () => {
    expect(jsonProblem(JSON.parse("{\"a\":[{\"__proto__\":1}]}"))).toBe("must not have a __proto__ key")
    expect(Either.isLeft(Schema.decodeUnknownEither(MetadataInput)(JSON.parse("{\"__proto__\":{\"x\":1}}")))).toBe(true)
  })

  it("email addresses keep to RFC 5321: 64 characters before the @, 254 in all", () => {
    expect(isEmailAddress(`${"a".repeat(64)}@example.org`)).toBe(true)
    expect(isEmailAddress(`${"a".repeat(65)}@example.org`)).toBe(false)
    const host = (length: number) => ["b", "c", "d", "e"].map((l) => l.repeat(62)).join(".").slice(0, length)
    expect(isEmailAddress(`a@${host(250)}.org`)).toBe(false)
  })

  it("a URL is stored normalised, and one with a control character or space is refused", () => {
    const url = Schema.decodeUnknownEither(HttpsUrl)
    expect(url("HTTPS://Files.Example/a%20b")).toEqual(Either.right("https://files.example/a%20b"))
    for (const bad of ["https://files.example/a\r\nBcc: x", "https://files.example/a b", "https://files.example/\t"]) {
      expect(Either.isLeft(url(bad))).toBe(true)
    }
  })

  it("a refusal lists at most Limits.errors problems, the last counting the rest", () => {
    const refused = decodeInput(CreateRequest)({
      organization_user_id: "u",
      user_right_id: "cpra_opt_out",
      status: "verified",
      source: { type: "DSAR" },
      request_fields: Array.from({ length: 100 }, () => ({ field_id: 1, value: 2 }))
    })
    expect(Either.isLeft(refused) && refused.left.errors.length).toBe(Limits.errors)
    expect(Either.isLeft(refused) && refused.left.errors.at(-1)?.message).toMatch(/^and \d+ more problems$/)
  })
})
