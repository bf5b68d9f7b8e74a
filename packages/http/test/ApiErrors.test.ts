import { ForbiddenFields, InvalidTransition, MissingRequesterEmail } from "@dsar/domain"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import {
  BadRequest,
  BadRequestJson,
  Conflict,
  ConflictJson,
  fromDomainError,
  NotAuthenticated,
  NotAuthenticatedJson,
  NotFound,
  NotFoundJson,
  PayloadTooLarge,
  PayloadTooLargeJson,
  TooManyRequests,
  TooManyRequestsJson
} from "../src/ApiErrors.js"

const errors = [{ path: "status", message: "is wrong" }]

describe("errors travel in the hosted API's shape { code, name, message, errors }", () => {
  const cases = [
    [BadRequestJson, new BadRequest({ message: "m", errors }), 400, "BadRequest"],
    [NotAuthenticatedJson, new NotAuthenticated({ message: "m", errors }), 401, "NotAuthenticated"],
    [NotFoundJson, new NotFound({ message: "m", errors }), 404, "NotFound"],
    [ConflictJson, new Conflict({ message: "m", errors }), 409, "Conflict"],
    [PayloadTooLargeJson, new PayloadTooLarge({ message: "m", errors }), 413, "PayloadTooLarge"],
    [TooManyRequestsJson, new TooManyRequests({ message: "m", errors }), 429, "TooManyRequests"]
  ] as const

  for (const [schema, error, code, name] of cases) {
    it(`${name} is exactly { code: ${code}, name, message, errors } on the wire, and decodes back`, () => {
      const json = Schema.encodeSync(schema as Schema.Schema<unknown, unknown>)(error)
      expect(json).toEqual({ code, name, message: "m", errors })
      expect(Schema.decodeUnknownSync(schema as Schema.Schema<unknown, unknown>)(json)).toEqual(error)
    })
  }
})

describe("domain refusals map to API errors once", () => {
  it("forbidden PATCH properties are a 400 naming each of them", () => {
    const error = fromDomainError(new ForbiddenFields({ fields: ["id", "user_right_id"] }))
    expect(error).toBeInstanceOf(BadRequest)
    expect(error.errors.map((e) => e.path)).toEqual(["id", "user_right_id"])
  })

  it("an invalid transition is a 409 saying from which status to which, and which are allowed", () => {
    const error = fromDomainError(
      new InvalidTransition({ from: "unverified", to: "fulfilled", allowed: ["verified", "refused", "archived"] })
    )
    expect(error).toBeInstanceOf(Conflict)
    expect(error.message).toBe(
      "Cannot change status from unverified to fulfilled (allowed from unverified: verified, refused, archived)"
    )
  })

  it("an unverified request without an email is a 400 naming the email field", () => {
    expect(fromDomainError(new MissingRequesterEmail()).errors).toEqual([
      { path: "request_fields.email", message: "is required for an unverified request" }
    ])
  })
})
