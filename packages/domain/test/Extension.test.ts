import { test } from "@fast-check/vitest"
import { Either } from "effect"
import fc from "fast-check"
import { describe, expect } from "vitest"
import {
  decideExtension,
  latestExtendedDeadline,
  OpenStatuses,
  RequestId,
  responseDeadline,
  Statuses,
  userRight,
  type UserRightId,
  UserRightsCatalogue
} from "../src/index.js"

const DAY = 86_400_000
const rights = Object.keys(UserRightsCatalogue) as Array<UserRightId>
const extensible = rights.filter((id) => userRight(id).extension !== null)
const instant = fc.date({ min: new Date("2020-01-01T00:00:00.000Z"), max: new Date("2030-01-01T00:00:00.000Z") })
const open = fc.constantFrom(...OpenStatuses)
const id = RequestId.make("req_1")

// A request received at `receivedAt`, looked at `elapsed` of the way to its deadline.
const scene = (rightIds: ReadonlyArray<UserRightId>) =>
  fc.record({
    right: fc.constantFrom(...rightIds),
    status: open,
    receivedAt: instant,
    elapsed: fc.double({ min: 0, max: 0.999, noNaN: true })
  }).map(({ elapsed, receivedAt, right, status }) => {
    const expires_at = responseDeadline(right, receivedAt)
    const now = new Date(receivedAt.getTime() + Math.floor((expires_at.getTime() - receivedAt.getTime()) * elapsed))
    return { request: { id, status, user_right_id: right, expires_at }, now }
  })

const reason = { reason: "We received a large number of requests." }

describe("deadline extensions", () => {
  test.prop([scene(extensible)])(
    "an extension without a date moves an open request's deadline to its first deadline plus the right's extension",
    ({ now, request }) => {
      const decided = decideExtension(request, [], reason, now)
      expect(decided).toEqual(
        Either.right({
          from: request.expires_at,
          to: latestExtendedDeadline(request.user_right_id, request.expires_at)
        })
      )
    }
  )

  test.prop([scene(extensible), fc.integer({ min: 1, max: 400 })])(
    "an extension never moves the deadline past the regulation's maximum, nor earlier than it was",
    ({ now, request }, days) => {
      const asked = new Date(request.expires_at.getTime() + days * DAY)
      const latest = latestExtendedDeadline(request.user_right_id, request.expires_at)!
      const decided = decideExtension(request, [], { ...reason, expires_at: asked }, now)
      if (asked.getTime() <= latest.getTime()) {
        expect(decided).toEqual(Either.right({ from: request.expires_at, to: asked }))
      } else expect(Either.isLeft(decided) && decided.left._tag).toBe("InvalidInput")
      const earlier = decideExtension(request, [], { ...reason, expires_at: request.expires_at }, now)
      expect(Either.isLeft(earlier) && earlier.left._tag).toBe("InvalidInput")
    }
  )

  test.prop([scene(extensible)])(
    "a right extended as many times as it allows is not extended again, and the maximum counts from the first deadline",
    ({ now, request }) => {
      const times = userRight(request.user_right_id).extension!.times
      const earlier = Array.from({ length: times }, () => ({ from: request.expires_at }))
      const decided = decideExtension(request, earlier, reason, now)
      expect(Either.isLeft(decided) && decided.left._tag === "ExtensionRefused" && decided.left.problem).toBe("used")
    }
  )

  test.prop([scene(rights), fc.integer({ min: 0, max: 100 })])(
    "no extension at or after the current deadline",
    ({ request }, days) => {
      const decided = decideExtension(request, [], reason, new Date(request.expires_at.getTime() + days * DAY))
      expect(Either.isLeft(decided)).toBe(true)
      if (userRight(request.user_right_id).extension !== null) {
        expect(Either.isLeft(decided) && decided.left._tag === "ExtensionRefused" && decided.left.problem).toBe(
          "deadline_passed"
        )
      }
    }
  )

  test.prop([scene(rights), fc.constantFrom(...Statuses.filter((s) => !OpenStatuses.includes(s as never)))])(
    "a closed request is never extended",
    ({ now, request }, status) => {
      const decided = decideExtension({ ...request, status }, [], reason, now)
      expect(Either.isLeft(decided) && decided.left._tag === "ExtensionRefused" && decided.left.problem).toBe("closed")
    }
  )

  test.prop([scene(rights.filter((right) => userRight(right).extension === null))])(
    "a right whose law allows no extension (CPRA opt-out, LGPD) is never extended",
    ({ now, request }) => {
      const decided = decideExtension(request, [], reason, now)
      expect(Either.isLeft(decided) && decided.left._tag === "ExtensionRefused" && decided.left.problem).toBe(
        "not_allowed"
      )
    }
  )
})
