import { test } from "@fast-check/vitest"
import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  erasedChange,
  Languages,
  Refusal,
  refusalNotice,
  refusalReasons,
  refusalReasonText,
  regulation,
  regulationIds
} from "../src/index.js"

const decode = Schema.decodeUnknownEither(Refusal)
const reason = fc.constantFrom(...refusalReasons)
const text = fc.string({ minLength: 1, maxLength: 40 }).filter((value) => value.trim() !== "")

describe("refusal reasons (issue 16)", () => {
  it("the catalogue has the reasons a refusal may give", () => {
    expect(refusalReasons).toEqual([
      "identity_not_verified",
      "exempt",
      "manifestly_unfounded_or_excessive",
      "duplicate",
      "other"
    ])
  })

  test.prop([reason])("every reason reads to the requester as a sentence", (code) => {
    expect(refusalReasonText(code)).toMatch(/^[A-Z].*\.$/)
  })

  test.prop([reason.filter((code) => code !== "other"), fc.option(text, { nil: undefined })])(
    "a reason other than other stands alone or with free text",
    (code, details) => {
      expect(Either.isRight(decode(details === undefined ? { reason: code } : { reason: code, details }))).toBe(true)
    }
  )

  test.prop([fc.constantFrom(undefined, "", "   ")])(
    "the reason other needs free text saying what it is",
    (details) => {
      const decoded = decode(details === undefined ? { reason: "other" } : { reason: "other", details })
      expect(Either.isLeft(decoded) && String(decoded.left)).toContain("details")
    }
  )

  it("an unknown reason is refused, naming the catalogue", () => {
    const decoded = decode({ reason: "because" })
    expect(Either.isLeft(decoded) && String(decoded.left)).toContain("must be one of identity_not_verified")
  })
})

describe("what a refusal must tell, by regulation", () => {
  test.prop([fc.constantFrom(...regulationIds)])(
    "every regulation's refusal tells its reasons and the requester's remedies under it",
    (id) => {
      const notice = refusalNotice(id)
      expect(notice.items).toContain("reasons")
      expect(notice.statements).toEqual([regulation(id).remedies.en])
    }
  )

  test.prop([fc.constantFrom(...regulationIds), fc.constantFrom(...Languages)])(
    "every regulation's remedies read in each of our languages, each its own translation",
    (id, language) => {
      const [statement] = refusalNotice(id, language).statements
      expect(statement).toBe(regulation(id).remedies[language])
      if (language !== "en") expect(statement).not.toBe(regulation(id).remedies.en)
    }
  )

  it("a GDPR refusal tells the right to complain to a supervisory authority and to a judicial remedy (Art. 12(4))", () => {
    const notice = refusalNotice("gdpr")
    expect(notice.items).toEqual(expect.arrayContaining(["right_to_complain", "judicial_remedy"]))
    expect(notice.statements.join(" ")).toMatch(/complaint with a supervisory authority.*judicial remedy/)
  })

  test.prop([fc.string().filter((id) => !(regulationIds as ReadonlyArray<string>).includes(id))])(
    "a regulation not in the catalogue asks for the reason alone",
    (id) => {
      expect(refusalNotice(id)).toEqual({ items: ["reasons"], statements: [] })
    }
  )
})

describe("an erased refusal", () => {
  test.prop([reason, text])("keeps its reason code for the record and loses its free text", (code, details) => {
    expect(erasedChange({ field: "refusal", from: null, to: { reason: code, details } })).toEqual({
      field: "refusal",
      from: null,
      to: { reason: code }
    })
  })
})
