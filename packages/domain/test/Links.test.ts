import { test } from "@fast-check/vitest"
import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CreateLink, decodeInput, linkExpiresAt, LinkLifetimeBounds, RequestId } from "../src/index.js"

const request_id = RequestId.make("req-1")

// The link clock and decisions on links are properties of the exported specification (Specification.test.ts).
describe("the link body (SPEC section 4)", () => {
  test.prop([fc.integer()])("a lifetime is accepted only within the documented bounds, 900 s by default", (seconds) => {
    const body = {
      action: "request.update",
      event: { status: "verified", request_id },
      redirect_url: "https://example.org"
    }
    const decoded = decodeInput(CreateLink)({ ...body, lifetime: seconds })
    expect(Either.isRight(decoded)).toBe(seconds >= LinkLifetimeBounds.min && seconds <= LinkLifetimeBounds.max)
    expect(Either.getOrThrow(decodeInput(CreateLink)(body)).lifetime).toBe(900)
  })

  test.prop([
    fc.oneof(
      fc.constant("javascript:alert(1)"),
      fc.constant("/relative/path"),
      fc.constant("ftp://example.org"),
      fc.string()
    )
  ])(
    "a redirect_url must be an absolute http(s) URL",
    (redirect_url) => {
      fc.pre(!/^https?:\/\/[^/]/.test(redirect_url))
      const decoded = Schema.decodeUnknownEither(CreateLink)({
        action: "request.update",
        event: { status: "verified", request_id },
        redirect_url
      })
      expect(Either.isLeft(decoded)).toBe(true)
    }
  )
})

it("a link's expiry is exactly created_at + lifetime seconds", () => {
  expect(linkExpiresAt(new Date("2026-01-01T00:00:00.000Z"), 900)).toEqual(new Date("2026-01-01T00:15:00.000Z"))
})
