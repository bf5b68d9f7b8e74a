import { OrganizationId } from "@dsar/domain"
import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { ListRequestsParams, PageSize, toRequestQuery } from "../src/ListQuery.js"

const org = OrganizationId.make("org_1")
const decode = Schema.decodeUnknownEither(ListRequestsParams)
const query = (params: Record<string, string | ReadonlyArray<string>>) =>
  toRequestQuery(org, Either.getOrThrow(decode(params)))

describe("the list query syntax of the hosted API", () => {
  it("with no parameters: the first page of the default size, newest first", () => {
    expect(query({})).toEqual({
      organization_id: org,
      sort: [{ field: "created_at", direction: -1 }],
      limit: PageSize.default,
      skip: 0
    })
  })

  it("status and status[$in] accept one value, repeated values or a comma-separated list, and combine", () => {
    expect(query({ status: "verified" }).status).toEqual(["verified"])
    expect(query({ "status[$in]": ["verified", "refused"] }).status).toEqual(["verified", "refused"])
    expect(query({ "status[$in]": "verified,refused", status: "archived" }).status).toEqual([
      "archived",
      "verified",
      "refused"
    ])
  })

  it("date ranges are inclusive below ($gte) and exclusive above ($lt)", () => {
    const q = query({ "created_at[$gte]": "2026-01-01T00:00:00.000Z", "expires_at[$lt]": "2026-02-01T00:00:00.000Z" })
    expect(q.created_at).toEqual({ gte: new Date("2026-01-01T00:00:00.000Z") })
    expect(q.expires_at).toEqual({ lt: new Date("2026-02-01T00:00:00.000Z") })
  })

  it("$sort[field]=1|-1 sorts by each named field, $limit and $skip page", () => {
    const q = query({ "$sort[expires_at]": "1", "$sort[status]": "-1", $limit: "5", $skip: "10" })
    expect(q.sort).toEqual([
      { field: "expires_at", direction: 1 },
      { field: "status", direction: -1 }
    ])
    expect([q.limit, q.skip]).toEqual([5, 10])
  })

  it(`$limit is refused above ${PageSize.max} or below 1, naming it`, () => {
    for (const $limit of ["0", String(PageSize.max + 1), "ten", "1.5"]) {
      const refused = decode({ $limit })
      expect(Either.isLeft(refused)).toBe(true)
    }
  })

  it("an unknown parameter, status or sort direction is refused", () => {
    for (
      const params of [{ colour: "blue" }, { status: "done" }, { "$sort[created_at]": "up" }, {
        "created_at[$gte]": "yesterday"
      }]
    ) {
      expect(Either.isLeft(decode(params))).toBe(true)
    }
  })
})
