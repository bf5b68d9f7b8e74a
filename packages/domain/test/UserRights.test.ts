import { test } from "@fast-check/vitest"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  addPeriod,
  Languages,
  latestExtendedDeadline,
  regulation,
  regulationOf,
  regulations,
  responseDeadline,
  servedDeadline,
  userRight,
  type UserRightId,
  userRights,
  UserRightsCatalogue
} from "../src/index.js"

const rightId = fc.constantFrom(...(Object.keys(UserRightsCatalogue) as Array<UserRightId>))
const instant = fc.date({ min: new Date("2000-01-01T00:00:00.000Z"), max: new Date("2100-01-01T00:00:00.000Z") })
const DAY = 86_400_000

const rule = (id: UserRightId) => {
  const right = userRight(id)
  return [right.regulation_id, right.kind, right.deadline, right.extension?.period ?? null] as const
}

describe("the rights catalogue", () => {
  test.prop([fc.constantFrom(...userRights), fc.constantFrom(...Languages)])(
    "every right is named in each language a requester reads the pages and emails in",
    (right, language) => {
      expect(right.label[language]?.trim() ?? "").not.toBe("")
    }
  )

  it("CPRA: 45 calendar days plus 45 for know, delete and correct; 15 business days for opt-out and limit", () => {
    const days45 = { count: 45, unit: "calendar_days" }
    const business15 = { count: 15, unit: "business_days" }
    expect(rule("cpra_access_my_data")).toEqual(["cpra", "access", days45, days45])
    expect(rule("cpra_delete_my_data")).toEqual(["cpra", "delete", days45, days45])
    expect(rule("cpra_correct_my_data")).toEqual(["cpra", "rectify", days45, days45])
    expect(rule("cpra_opt_out")).toEqual(["cpra", "opt_out", business15, null])
    expect(rule("cpra_limit_sensitive_data")).toEqual(["cpra", "limit", business15, null])
  })

  it("GDPR: one month plus two for access, rectification, erasure, restriction, portability and objection", () => {
    const gdpr = userRights.filter((right) => right.regulation_id === "gdpr")
    expect(gdpr.map((right) => right.kind)).toEqual([
      "access",
      "rectify",
      "delete",
      "restrict",
      "portability",
      "object"
    ])
    for (const right of gdpr) {
      expect(right.deadline).toEqual({ count: 1, unit: "calendar_months" })
      expect(right.extension).toEqual({ period: { count: 2, unit: "calendar_months" }, times: 1 })
    }
  })

  it("Virginia, Colorado and Connecticut: 45 days, extendable once by 45", () => {
    for (const id of ["vcdpa", "cpa", "ctdpa"] as const) {
      const rights = userRights.filter((right) => right.regulation_id === id)
      expect(rights.map((right) => right.kind)).toEqual(["access", "rectify", "delete", "portability", "opt_out"])
      for (const right of rights) {
        expect(right.deadline).toEqual({ count: 45, unit: "calendar_days" })
        expect(right.extension).toEqual({ period: { count: 45, unit: "calendar_days" }, times: 1 })
      }
    }
  })

  test.prop([rightId])("every right names a regulation of the catalogue and has an English label", (id) => {
    expect(regulations.map((r) => r.id)).toContain(regulationOf(id))
    expect(userRight(id).label.en).toBeTruthy()
  })

  test.prop([rightId, instant])("a request's deadline is the right's deadline after receipt", (id, createdAt) => {
    const right = userRight(id)
    expect(responseDeadline(id, createdAt)).toEqual(
      addPeriod(createdAt, right.deadline!, regulation(right.regulation_id).holidays)
    )
  })

  test.prop([rightId, instant])(
    "expiration_time counted in calendar days from receipt never ends after the deadline",
    (id, createdAt) => {
      expect(createdAt.getTime() + userRight(id).expiration_time * DAY).toBeLessThanOrEqual(
        responseDeadline(id, createdAt).getTime()
      )
    }
  )

  test.prop([rightId])("the regulation is derived from the right", (id) => {
    expect(regulationOf(id)).toBe(userRight(id).regulation_id)
  })

  test.prop([rightId, instant])(
    "the latest extended deadline is after the first one, or there is none when the right allows no extension",
    (id, createdAt) => {
      const first = responseDeadline(id, createdAt)
      const latest = latestExtendedDeadline(id, first)
      if (userRight(id).extension === null) expect(latest).toBeNull()
      else expect(latest!.getTime()).toBeGreaterThan(first.getTime())
    }
  )

  it("the deadline of an access request created on 1 March is 15 April; of an opt-out on Friday 2 January, 23 January", () => {
    expect(responseDeadline("cpra_access_my_data", new Date("2026-03-01T10:00:00.000Z"))).toEqual(
      new Date("2026-04-15T10:00:00.000Z")
    )
    expect(responseDeadline("cpra_opt_out", new Date("2026-01-02T10:00:00.000Z"))).toEqual(
      new Date("2026-01-23T10:00:00.000Z")
    )
  })

  it("a GDPR refusal must tell the requester the reasons and their rights to complain and to a judicial remedy", () => {
    expect(regulation("gdpr").refusal_notice).toEqual(["reasons", "right_to_complain", "judicial_remedy"])
  })
})

describe("a served right's deadline", () => {
  test.prop([rightId, instant])("is the request's deadline for a right of this catalogue", (id, createdAt) => {
    expect(servedDeadline(userRight(id))(createdAt)).toEqual(responseDeadline(id, createdAt))
  })

  test.prop([rightId, instant])(
    "is expiration_time calendar days for a right of the hosted API's catalogue, which has no deadline",
    (id, createdAt) => {
      const { deadline: _, ...hosted } = userRight(id)
      expect(servedDeadline(hosted)(createdAt).getTime()).toBe(createdAt.getTime() + hosted.expiration_time * DAY)
    }
  )
})
