import { Schema } from "effect"
import { Translations } from "./Translations.js"

const DAY_MS = 86_400_000

/**
 * The rights a requester can exercise, as data: adding a right or a regulation (GDPR, LGPD, ...)
 * is adding an entry here. `expiration_time` is the legal response deadline in days.
 */
export const UserRightsCatalogue = {
  cpra_access_my_data: {
    regulation_id: "cpra",
    kind: "access",
    label: { en: "Access my data" },
    expiration_time: 45
  },
  cpra_delete_my_data: {
    regulation_id: "cpra",
    kind: "delete",
    label: { en: "Delete my data" },
    expiration_time: 45
  },
  cpra_opt_out: {
    regulation_id: "cpra",
    kind: "opt_out",
    label: { en: "Opt out of the sale or sharing of my data" },
    expiration_time: 15
  }
} as const

type Catalogue = typeof UserRightsCatalogue
type NonEmpty<A> = readonly [A, ...Array<A>]

const rightIds = Object.keys(UserRightsCatalogue) as unknown as NonEmpty<keyof Catalogue>
const regulationIds = [
  ...new Set(Object.values(UserRightsCatalogue).map((right) => right.regulation_id))
] as unknown as NonEmpty<Catalogue[keyof Catalogue]["regulation_id"]>

export const UserRightId = Schema.Literal(...rightIds).annotations({
  identifier: "UserRightId",
  description: "The right the requester exercises.",
  message: () => ({ message: `must be one of ${rightIds.join(", ")}`, override: true })
})
export type UserRightId = typeof UserRightId.Type

export const RegulationId = Schema.Literal(...regulationIds).annotations({
  identifier: "RegulationId",
  description: "The regulation a right comes from; derived from the right."
})
export type RegulationId = typeof RegulationId.Type

export const UserRightKind = Schema.Literal("access", "delete", "opt_out", "rectify", "portability", "restrict")
  .annotations({
    identifier: "UserRightKind"
  })

export const UserRight = Schema.Struct({
  id: UserRightId,
  regulation_id: RegulationId,
  kind: UserRightKind,
  label: Translations,
  expiration_time: Schema.Int.pipe(Schema.positive()).annotations({
    description: "Days the organisation has to answer a request for this right."
  })
}).annotations({ identifier: "UserRight", description: "A right from the catalogue." })
export type UserRight = typeof UserRight.Type

export const userRights: ReadonlyArray<UserRight> = rightIds.map((id) => ({ id, ...UserRightsCatalogue[id] }))

export const userRight = (id: UserRightId): UserRight => ({ id, ...UserRightsCatalogue[id] })

export const regulationOf = (id: UserRightId): RegulationId => UserRightsCatalogue[id].regulation_id

/** The legal response deadline: creation plus the right's `expiration_time` days. */
export const responseDeadline = (id: UserRightId, createdAt: Date): Date =>
  new Date(createdAt.getTime() + UserRightsCatalogue[id].expiration_time * DAY_MS)
