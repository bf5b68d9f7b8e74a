import { FastCheck as fc } from "effect"
import { describe, expect, it } from "vitest"
import {
  type Condition,
  conjuncts,
  everything,
  GroupedFields,
  indexedOrderOf,
  isIndexedOrder,
  orderKeys,
  type RequestQuery,
  SortFields
} from "../src/ports/RequestQuery.js"

type Sort = RequestQuery["sort"]

const field = fc.constantFrom(...SortFields)
const direction = fc.constantFrom(1 as const, -1 as const)
const sortKey = fc.record({ field, direction })
const sort: fc.Arbitrary<Sort> = fc.array(sortKey, { maxLength: 4 })

const pinning = (fields: ReadonlyArray<Sort[number]["field"]>): Condition => ({
  _tag: "And",
  conditions: fields.map((f) => ({ _tag: "Compare", field: f, op: "eq", value: "x" }))
})

describe("the order of a listing", () => {
  it("is the sort, then created_at after a grouped field, then id, all in the direction of the sort's last key", () => {
    fc.assert(fc.property(sort, (given) => {
      const keys = orderKeys(given)
      const last = given.at(-1)
      const tie = last?.direction ?? 1
      expect(keys.slice(0, given.length)).toEqual(given)
      expect(keys.at(-1)).toEqual({ field: "id", direction: tie })
      const grouped = last !== undefined && GroupedFields.includes(last.field)
      expect(keys.length).toBe(given.length + (grouped ? 2 : 1))
      if (grouped) expect(keys.at(-2)).toEqual({ field: "created_at", direction: tie })
    }))
  })

  it("with no sort at all (the API's default, newest first, is a sort), requests are in id order", () => {
    expect(orderKeys([])).toEqual([{ field: "id", direction: 1 }])
  })

  it("every single-field sort, ascending or descending, is read from an index", () => {
    fc.assert(fc.property(sortKey, (key) => isIndexedOrder({ sort: [key], where: everything })))
  })

  it("a sort whose keys run in two directions is not: an index is read one way", () => {
    fc.assert(fc.property(sort, (given) => {
      const firstOfEach = orderKeys(given).filter((key, i, all) => all.findIndex((k) => k.field === key.field) === i)
      fc.pre(new Set(firstOfEach.map((key) => key.direction)).size === 2)
      expect(isIndexedOrder({ sort: given, where: everything })).toBe(false)
    }))
  })

  it("a grouped field then created_at is read from an index; then any other field is not", () => {
    fc.assert(fc.property(fc.constantFrom(...GroupedFields), field, direction, (grouped, next, d) => {
      fc.pre(next !== grouped && next !== "created_at" && next !== "id")
      const sorted = (
        second: Sort[number]["field"]
      ) => [{ field: grouped, direction: d }, { field: second, direction: d }]
      expect(isIndexedOrder({ sort: sorted("created_at"), where: everything })).toBe(true)
      expect(isIndexedOrder({ sort: sorted(next), where: everything })).toBe(false)
    }))
  })

  it("keys the filter pins to one value order nothing: pinning every sorted field leaves an indexed order", () => {
    fc.assert(
      fc.property(sort, (given) =>
        isIndexedOrder({
          sort: given,
          where: pinning([...given.map((key) => key.field), "created_at"])
        }))
    )
  })

  it("the index order a pinned grouped field leaves is its created_at, which that field's own index goes on by", () => {
    fc.assert(fc.property(fc.constantFrom(...GroupedFields), direction, (grouped, d) => {
      const sort = [{ field: grouped, direction: d }, { field: "created_at" as const, direction: d }]
      expect(indexedOrderOf({ sort, where: pinning([grouped]) })).toEqual(["created_at"])
    }))
  })
})

describe("the conditions every match meets on its own (conjuncts)", () => {
  it("are the members of the top-level Ands, however nested; an Or is one of them, whole", () => {
    const a: Condition = { _tag: "Compare", field: "status", op: "eq", value: "verified" }
    const b: Condition = { _tag: "Recipient", address: "ann@example.org" }
    const either: Condition = { _tag: "Or", conditions: [a, b] }
    expect(conjuncts({ _tag: "And", conditions: [a, { _tag: "And", conditions: [b, either] }] })).toEqual([
      a,
      b,
      either
    ])
    expect(conjuncts(either)).toEqual([either])
    expect(conjuncts(everything)).toEqual([])
  })
})
