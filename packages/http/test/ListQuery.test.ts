import type { Request } from "@dsar/domain"
import { Either, Encoding } from "effect"
import qs from "qs"
import { describe, expect, it } from "vitest"
import * as Cursor from "../src/Cursor.js"
import {
  type ListQuery,
  PageSize,
  parseListQuery,
  QueryLimits,
  queryString,
  type RequestsQuery
} from "../src/ListQuery.js"

const read = (search: string): ListQuery => Either.getOrThrow(parseListQuery(search))
const refusal = (search: string) => {
  const result = parseListQuery(search)
  if (Either.isRight(result)) throw new Error(`${search} was accepted`)
  return result.left.errors
}
const statusIn = (values: ReadonlyArray<string>) => ({ _tag: "In", field: "status", values, negated: false })

describe("the hosted API's query language (Feathers), as its clients send it", () => {
  it("with no parameters: every request, the first page of the default size, newest first", () => {
    expect(read("")).toEqual({
      where: { _tag: "And", conditions: [] },
      sort: [{ field: "created_at", direction: -1 }],
      limit: PageSize.default,
      skip: 0
    })
  })

  it("every array form qs produces, the repeated key and the comma form read as the same $in", () => {
    for (
      const search of [
        "status[$in][0]=verified&status[$in][1]=refused",
        "status[$in][]=verified&status[$in][]=refused",
        "status[$in]=verified&status[$in]=refused",
        "status[$in]=verified,refused",
        "status[$in]=verified, refused",
        "status%5B%24in%5D%5B0%5D=verified&status%5B%24in%5D%5B1%5D=refused"
      ]
    ) {
      expect(read(search).where, search).toEqual(statusIn(["verified", "refused"]))
    }
    for (
      const search of [
        "status=verified&status=refused",
        "status=verified,refused",
        "status[0]=verified&status[1]=refused"
      ]
    ) {
      expect(read(search).where, search).toEqual(statusIn(["verified", "refused"]))
    }
  })

  it("what a Feathers client sends for a query object reads back as that query", () => {
    const query: RequestsQuery = {
      status: { $nin: ["archived", "refused"] },
      updated_at: { $gte: new Date("2026-01-01T00:00:00.000Z"), $lt: "2026-02-01T00:00:00.000Z" },
      $or: [{ user_right_id: "cpra_opt_out" }, { validation_id: { $ne: "null" } }],
      $sort: { expires_at: 1, id: -1 },
      $limit: 0,
      $skip: 5
    }
    // The Feathers REST client's serialisation: qs.stringify with its defaults.
    expect(queryString(query)).toBe(qs.stringify(query))
    expect(read(queryString(query))).toEqual({
      where: {
        _tag: "And",
        conditions: [
          { _tag: "In", field: "status", values: ["archived", "refused"], negated: true },
          { _tag: "Compare", field: "updated_at", op: "gte", value: new Date("2026-01-01T00:00:00.000Z") },
          { _tag: "Compare", field: "updated_at", op: "lt", value: new Date("2026-02-01T00:00:00.000Z") },
          {
            _tag: "Or",
            conditions: [
              {
                _tag: "And",
                conditions: [{ _tag: "Compare", field: "user_right_id", op: "eq", value: "cpra_opt_out" }]
              },
              { _tag: "And", conditions: [{ _tag: "Null", field: "validation_id", negated: true }] }
            ]
          }
        ]
      },
      sort: [{ field: "expires_at", direction: 1 }, { field: "id", direction: -1 }],
      limit: 0,
      skip: 5
    })
  })

  it("equality on every scalar field, ranges on the instants and ids, $select with id always first", () => {
    const q = read(
      "id[$gt]=req_1&source_id=src_1&validation_id=null&organization_user_id=alice&regulation_id=cpra&expires_at[$lte]=2026-01-01T00:00:00Z&$select=status,created_at"
    )
    expect(q.where).toEqual({
      _tag: "And",
      conditions: [
        { _tag: "Compare", field: "id", op: "gt", value: "req_1" },
        { _tag: "Compare", field: "source_id", op: "eq", value: "src_1" },
        { _tag: "Null", field: "validation_id", negated: false },
        { _tag: "Compare", field: "organization_user_id", op: "eq", value: "alice" },
        { _tag: "Compare", field: "regulation_id", op: "eq", value: "cpra" },
        { _tag: "Compare", field: "expires_at", op: "lte", value: new Date("2026-01-01T00:00:00.000Z") }
      ]
    })
    expect(q.select).toEqual(["id", "status", "created_at"])
  })

  it("email (extension): the requests whose emails go to the address, trimmed and lower-cased, in $or too; anything but one address is refused, naming it", () => {
    const recipient = (address: string) => ({ _tag: "Recipient", address })
    expect(read("email=%20Jane.Doe%40Example.ORG%20").where).toEqual(recipient("jane.doe@example.org"))
    expect(read(queryString({ $or: [{ email: "a@example.org" }, { status: "verified" }] })).where).toEqual({
      _tag: "Or",
      conditions: [
        { _tag: "And", conditions: [recipient("a@example.org")] },
        { _tag: "And", conditions: [{ _tag: "Compare", field: "status", op: "eq", value: "verified" }] }
      ]
    })
    expect(refusal("email=jane")).toEqual([{ path: "email", message: "must be an email address; received \"jane\"" }])
    expect(refusal("email=a%40example.org&email=b%40example.org").map((e) => e.path)).toEqual(["email"])
    expect(refusal("email[$ne]=a%40example.org").map((e) => e.path)).toEqual(["email"])
    expect(refusal("$and[0][email]=%40").map((e) => e.path)).toEqual(["$and[0][email]"])
  })

  it(`$limit above ${PageSize.max} is served as ${PageSize.max}, as Feathers' paginate.max does; $limit=0 asks for the total`, () => {
    expect(read("$limit=1000").limit).toBe(PageSize.max)
    expect(read("$limit=0").limit).toBe(0)
    expect(read("$limit=7&$skip=3")).toMatchObject({ limit: 7, skip: 3 })
  })

  it("names each offending parameter as it was sent, with what it must be and what was received", () => {
    expect(refusal("status[$in][0]=verified&status[$in][1]=bogus")).toEqual([{
      path: "status[$in][1]",
      message: "must be one of unverified, verified, work_in_progress, fulfilled, refused, archived; received \"bogus\""
    }])
    expect(refusal("status[$in][]=verified&status[$in][]=bogus").map((e) => e.path)).toEqual(["status[$in][]"])
    expect(refusal("status[$in]=verified&status[$in]=bogus").map((e) => e.path)).toEqual(["status[$in]"])
    expect(refusal("status=verified,bogus").map((e) => e.path)).toEqual(["status"])
    expect(refusal("created_at[$gte]=yesterday")).toEqual([{
      path: "created_at[$gte]",
      message:
        "must be an ISO-8601 instant such as 2026-03-01T10:00:00.000Z, in the years 1 to 9999; received \"yesterday\""
    }])
    expect(refusal("$limit=ten&$skip=-1&$sort[created_at]=up&colour=blue&status[$lt]=x").map((e) => e.path)).toEqual([
      "colour",
      "status[$lt]",
      "$limit",
      "$skip",
      "$sort[created_at]"
    ])
    expect(refusal("$or[0][status]=bogus&$or[1][$limit]=1").map((e) => e.path)).toEqual([
      "$or[0][status]",
      "$or[1][$limit]"
    ])
    expect(refusal("$sort[colour]=1&$select=colour").map((e) => e.path)).toEqual(["$sort[colour]", "$select"])
    expect(refusal("status=verified&status[$in]=refused").map((e) => e.path)).toEqual(["status"])
    expect(refusal("$foo=1").map((e) => e.path)).toEqual(["$foo"])
  })

  it("a $cursor reads as the requests after its request in the order it was made for; a bad one is refused, naming it", () => {
    const last = {
      id: "req_0042",
      created_at: new Date("2026-03-01T10:00:00.000Z"),
      status: "verified"
    } as unknown as Request
    const sort = read("").sort
    const cursor = Cursor.cursorOf(sort, last)
    expect(read(`$cursor=${cursor}`).after).toEqual(Cursor.after(sort, last))
    expect(read(`status=verified&$cursor=${cursor}`)).toMatchObject({
      where: read("status=verified").where,
      after: Cursor.after(sort, last)
    })
    expect(refusal("$cursor=not-a-cursor").map((e) => e.path)).toEqual(["$cursor"])
    expect(refusal(`$cursor=${cursor}&$sort[status]=1`)[0]!.message).toMatch(/another order/)
    const damaged = Encoding.encodeBase64Url(JSON.stringify({ sort: "-created_at", key: ["yesterday", "req_0042"] }))
    expect(refusal(`$cursor=${damaged}`)[0]!.message).toMatch(/damaged key/)
  })

  it(`$skip is at most ${QueryLimits.skip}: deeper pages are read by $cursor`, () => {
    expect(read(`$skip=${QueryLimits.skip}`).skip).toBe(QueryLimits.skip)
    expect(refusal(`$skip=${QueryLimits.skip + 1}`)).toEqual([{
      path: "$skip",
      message:
        `must be at most ${QueryLimits.skip}; page deeper with the $cursor of the link header, or narrow the query; received ${
          QueryLimits.skip + 1
        }`
    }])
  })

  it("refuses a list of more values than allowed, naming it", () => {
    const many = Array.from({ length: 101 }, (_, i) => `id[$in][${i}]=req_${i}`).join("&")
    expect(refusal(many).map((e) => e.path)).toEqual(["id[$in]"])
    expect(read(Array.from({ length: 100 }, (_, i) => `id[$in][]=req_${i}`).join("&")).where).toMatchObject({
      _tag: "In",
      field: "id"
    })
  })
})
