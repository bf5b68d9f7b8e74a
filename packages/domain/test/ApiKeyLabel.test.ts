import { test } from "@fast-check/vitest"
import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ApiKeyLabel, Limits } from "../src/index.js"

const decode = Schema.decodeUnknownEither(ApiKeyLabel)

describe("an API key's label", () => {
  test.prop([
    fc.string({ minLength: 1, maxLength: Limits.name }).filter((s) => /^[^\p{Cc}\s](.*[^\p{Cc}\s])?$/u.test(s))
  ])(
    "any one line of 1 to 64 characters is kept as given, the spaces around it trimmed",
    (label) => {
      expect(decode(`  ${label} `)).toEqual(Either.right(label))
    }
  )

  it("is refused empty, over 64 characters, or over more than one line", () => {
    for (const bad of ["", "   ", "x".repeat(Limits.name + 1), "two\nlines", "tab\there", "nul\u0000"]) {
      expect(Either.isLeft(decode(bad)), JSON.stringify(bad)).toBe(true)
    }
  })
})
