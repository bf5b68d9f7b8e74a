import fc from "fast-check"
import { Statuses } from "../lifecycle.js"
import { LinkLifetimeBounds } from "../Link.js"
import { type Refusal, refusalReasons } from "../Refusal.js"

export const status = fc.constantFrom(...Statuses)
export const instant = fc.date({ min: new Date("2020-01-01T00:00:00.000Z"), max: new Date("2030-01-01T00:00:00.000Z") })

/** A link lifetime within the bounds, its bounds and default weighted in. */
export const lifetime = fc.oneof(
  fc.constantFrom(LinkLifetimeBounds.min, LinkLifetimeBounds.default, LinkLifetimeBounds.max),
  fc.integer({ min: LinkLifetimeBounds.min, max: LinkLifetimeBounds.max })
)

/** A request property a PATCH may not name. */
export const forbiddenField = fc.constantFrom(
  "id",
  "user_right_id",
  "organization_user_id",
  "created_at",
  "request_fields",
  "source",
  "expires_at"
)

export const metadata = fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string(), fc.integer(), fc.boolean()))

/** A clock move: a number of milliseconds forward, up to twice the default link lifetime. */
export const clockMove = fc.integer({ min: 0, max: LinkLifetimeBounds.default * 2000 })

/** A walk through the table: a starting status and the statuses asked for after it, in turn. */
export const statusWalk = fc.record({ initial: status, targets: fc.array(status, { maxLength: 20 }) })

/** A refusal's reason, with free text when `other` needs it or at random otherwise. */
export const refusal: fc.Arbitrary<Refusal> = fc.record({
  reason: fc.constantFrom(...refusalReasons),
  details: fc.option(fc.string({ minLength: 1, maxLength: 20 }).filter((text) => text.trim() !== ""), {
    nil: undefined
  })
}).map(({ details, reason }) =>
  details === undefined ? (reason === "other" ? { reason, details: "Explained." } : { reason }) : { reason, details }
)
