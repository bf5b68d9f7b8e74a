import { test } from "@fast-check/vitest"
import { Either } from "effect"
import fc from "fast-check"
import { describe, expect } from "vitest"
import { EmailField, prepareRequestFields, recipientOf, withRecipient } from "../src/index.js"

const address = fc
  .tuple(fc.stringMatching(/^[a-z0-9._+-]{1,12}$/), fc.stringMatching(/^[a-z0-9]{1,8}\.[a-z]{2,4}$/))
  .map(([local, host]) => `${local}@${host}`)
const maybe = <A>(arbitrary: fc.Arbitrary<A>) => fc.option(arbitrary, { nil: undefined })

describe("where a request's emails go (SPEC section 6)", () => {
  test.prop([maybe(address), maybe(address), fc.option(address, { nil: null }), fc.boolean()])(
    "one address, decided at creation: the email field, else user.email, else the stored user's; kept on the request",
    (field, given, storedEmail, userStored) => {
      const fields = Either.getOrThrow(
        prepareRequestFields(field === undefined ? [] : [{ field_id: "email", value: field }])
      )
      const stored = userStored ? storedEmail : undefined
      const decided = withRecipient(fields, { given, stored })
      expect(recipientOf({ request_fields: decided })).toBe(field ?? given ?? stored ?? null)
      // Kept as the one `email` field, so that a request read back alone names the same address.
      expect(decided.filter((f) => f.field_id === EmailField.id).length).toBe(
        recipientOf({ request_fields: decided }) === null ? 0 : 1
      )
      expect(decided.every((f) => f.field_id !== EmailField.id || f.field === EmailField)).toBe(true)
      // Once kept, nothing a later request of the user gives moves it.
      if (recipientOf({ request_fields: decided }) !== null) {
        expect(withRecipient(decided, { given: "other@example.org", stored: "stored@example.org" })).toEqual(decided)
      }
    }
  )
})
