import { test } from "@fast-check/vitest"
import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { applyField, CreateRequest, decodeInput, EmailAddress, EmailField, prepareRequestFields } from "../src/index.js"

const localPart = fc.stringMatching(/^[a-zA-Z0-9._%+-]{1,20}$/)
const domain = fc.stringMatching(/^[a-zA-Z0-9]{1,10}\.[a-zA-Z]{2,6}$/)
const email = fc.tuple(localPart, domain).map(([local, host]) => `${local}@${host}`)
const blank = fc.stringMatching(/^[ \t\n]{0,3}$/)

describe("the built-in email field (SPEC section 2)", () => {
  test.prop([email, blank, blank])(
    "an email is trimmed and lower-cased before it is stored",
    (address, before, after) => {
      expect(Either.getOrThrow(applyField(EmailField, `${before}${address}${after}`))).toBe(address.toLowerCase())
    }
  )

  test.prop([blank])("an empty email is refused as required", (value) => {
    expect(Either.getLeft(applyField(EmailField, value))).toEqual(expect.objectContaining({ value: "is required" }))
  })

  test.prop([fc.string().filter((s) => !s.includes("@"))])(
    "a value without an @ is refused as not an email",
    (value) => {
      fc.pre(value.trim().length > 0)
      expect(Either.isLeft(applyField(EmailField, value))).toBe(true)
    }
  )

  it("the field applies its subscribers before its validations, as the hosted API declares them", () => {
    expect(EmailField.subscribers).toEqual(["trim_value", "to_lower_case"])
    expect(EmailField.validations).toEqual(["required", "email"])
  })
})

describe("request fields", () => {
  test.prop([fc.string({ minLength: 1 }).filter((id) => id !== "email"), email])(
    "an unknown field_id is refused, naming it",
    (field_id, address) => {
      const refused = prepareRequestFields([{ field_id: "email", value: address }, { field_id, value: "x" }])
      expect(Either.getLeft(refused)).toEqual(
        expect.objectContaining({
          value: expect.objectContaining({ errors: [{ field_id, message: "is not a known field" }] })
        })
      )
    }
  )

  test.prop([email, email])("a field given twice is refused", (first, second) => {
    const refused = prepareRequestFields([{ field_id: "email", value: first }, { field_id: "email", value: second }])
    expect(Either.isLeft(refused)).toBe(true)
  })

  it("every invalid field is named in one error", () => {
    const refused = prepareRequestFields([{ field_id: "email", value: "nope" }, { field_id: "phone", value: "1" }])
    expect(Either.isLeft(refused) && refused.left.errors.map((e) => e.field_id)).toEqual(["email", "phone"])
  })

  test.prop([email])("a valid email field is stored normalised, with its definition", (address) => {
    const [field] = Either.getOrThrow(
      prepareRequestFields([{ field_id: "email", value: ` ${address.toUpperCase()} ` }])
    )
    expect(field).toEqual({ field_id: "email", value: address.toLowerCase(), field: EmailField })
  })
})

describe("user.email", () => {
  test.prop([email])("user.email goes through the email pipeline too: trimmed and lower-cased", (address) => {
    expect(Schema.decodeUnknownSync(EmailAddress)(`  ${address.toUpperCase()}`)).toBe(address.toLowerCase())
  })

  it("an invalid user.email is refused, naming it", () => {
    const refused = decodeInput(CreateRequest)({
      organization_user_id: "u1",
      user_right_id: "cpra_opt_out",
      status: "verified",
      source: { type: "DSAR" },
      user: { email: "not-an-email" }
    })
    expect(Either.isLeft(refused) && refused.left.errors).toEqual([{
      path: "user.email",
      message: "must be an email address"
    }])
  })
})
