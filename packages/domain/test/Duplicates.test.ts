import { test } from "@fast-check/vitest"
import fc from "fast-check"
import { describe, expect } from "vitest"
import {
  type DuplicateCandidate,
  OpenStatuses,
  OrganizationUserId,
  possibleDuplicateOf,
  RequestId,
  Statuses,
  type UserRightId,
  UserRightsCatalogue
} from "../src/index.js"

const rights = Object.keys(UserRightsCatalogue) as Array<UserRightId>
const candidate = fc.record({
  id: fc.integer({ min: 1, max: 50 }).map((n) => RequestId.make(`req_${String(n).padStart(2, "0")}`)),
  organization_user_id: fc.constantFrom("ann", "ben").map(OrganizationUserId.make),
  user_right_id: fc.constantFrom(...rights),
  status: fc.constantFrom(...Statuses),
  created_at: fc.integer({ min: 0, max: 5 }).map((day) => new Date(Date.UTC(2026, 0, 1 + day)))
}) satisfies fc.Arbitrary<DuplicateCandidate>
const existing = fc.array(candidate, { maxLength: 12 })
const request = fc.record({
  organization_user_id: fc.constantFrom("ann", "ben").map(OrganizationUserId.make),
  user_right_id: fc.constantFrom(...rights)
})

const sameOpen = (r: { organization_user_id: string; user_right_id: string }) => (other: DuplicateCandidate) =>
  other.organization_user_id === r.organization_user_id && other.user_right_id === r.user_right_id &&
  (OpenStatuses as ReadonlyArray<string>).includes(other.status)

describe("possible duplicates (issue 16)", () => {
  test.prop([request, existing])(
    "a new request is a possible duplicate exactly when the same user has an open request for the same right",
    (r, others) => {
      expect(possibleDuplicateOf(r, others) !== undefined).toBe(others.some(sameOpen(r)))
    }
  )

  test.prop([request, existing])(
    "it points at the oldest such request (the first being answered), the smallest id among the oldest",
    (r, others) => {
      const found = possibleDuplicateOf(r, others)
      fc.pre(found !== undefined)
      const matching = others.filter(sameOpen(r))
      const oldest = Math.min(...matching.map((other) => other.created_at.getTime()))
      const first = matching.filter((other) => other.created_at.getTime() === oldest).map((other) => other.id).sort()[0]
      expect(found).toBe(first)
    }
  )

  test.prop([request, existing])(
    "a closed request, another user's or another right's is never one it repeats",
    (r, others) => {
      const found = possibleDuplicateOf(r, others.filter((other) => !sameOpen(r)(other)))
      expect(found).toBeUndefined()
    }
  )
})
