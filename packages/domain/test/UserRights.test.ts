import { test } from "@fast-check/vitest"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  regulationOf,
  responseDeadline,
  userRight,
  type UserRightId,
  userRights,
  UserRightsCatalogue
} from "../src/index.js"

const rightId = fc.constantFrom(...(Object.keys(UserRightsCatalogue) as Array<UserRightId>))
const instant = fc.date({ min: new Date("2000-01-01T00:00:00.000Z"), max: new Date("2100-01-01T00:00:00.000Z") })
const DAY = 86_400_000

describe("the rights catalogue (SPEC section 2)", () => {
  it("CPRA gives 45 days to answer access and deletion, 15 days for opt-out", () => {
    expect(userRights.map((right) => [right.id, right.regulation_id, right.kind, right.expiration_time])).toEqual([
      ["cpra_access_my_data", "cpra", "access", 45],
      ["cpra_delete_my_data", "cpra", "delete", 45],
      ["cpra_opt_out", "cpra", "opt_out", 15]
    ])
  })

  test.prop([rightId, instant])(
    "a request's deadline is its creation plus the right's expiration_time in days",
    (id, createdAt) => {
      expect(responseDeadline(id, createdAt).getTime() - createdAt.getTime()).toBe(userRight(id).expiration_time * DAY)
    }
  )

  test.prop([rightId])("the regulation is derived from the right", (id) => {
    expect(regulationOf(id)).toBe(userRight(id).regulation_id)
  })

  it("the deadline of an access request created on 1 March is 15 April", () => {
    expect(responseDeadline("cpra_access_my_data", new Date("2026-03-01T10:00:00.000Z"))).toEqual(
      new Date("2026-04-15T10:00:00.000Z")
    )
  })
})
