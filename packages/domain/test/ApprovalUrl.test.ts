import { test } from "@fast-check/vitest"
import fc from "fast-check"
import { describe, expect } from "vitest"
import { approvalUrlKept, Statuses, type Validation, ValidationId, withoutApprovalUrl } from "../src/index.js"

const at = new Date("2024-03-01T09:00:00.000Z")
const validation = (approve_url: string | null): Validation => ({
  id: ValidationId.make("val_1"),
  created_at: at,
  updated_at: at,
  type: "email",
  approve_url
})
const url = fc.option(fc.webUrl(), { nil: null })

describe("the approval URL at rest (decision 0012)", () => {
  test.prop([fc.constantFrom(...Statuses), url])(
    "is kept only on an unverified request; nothing else changes",
    (status, approve_url) => {
      const request = { status, validation: validation(approve_url), other: "kept" }
      const kept = approvalUrlKept(request)
      expect(kept).toEqual({ ...request, validation: validation(status === "unverified" ? approve_url : null) })
    }
  )

  test.prop([url])("withoutApprovalUrl empties the URL and only it", (approve_url) => {
    expect(withoutApprovalUrl(validation(approve_url))).toEqual(validation(null))
    expect(withoutApprovalUrl(null)).toBeNull()
    expect(approvalUrlKept({ status: "verified" as const, validation: null })).toEqual({
      status: "verified",
      validation: null
    })
  })
})
