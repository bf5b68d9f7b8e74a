import { Schema } from "effect"
import { FallbackLanguage, type Language, translate } from "./Language.js"
import { Limits, Text } from "./Limits.js"
import { type NoticeItem, type RegulationId, RegulationsCatalogue } from "./Regulations.js"

/**
 * Why a request may be refused, as data: each reason's code and how it reads to the requester.
 * Adding a reason is adding an entry here.
 */
export const RefusalReasons = {
  identity_not_verified: { label: { en: "We could not verify your identity." } },
  exempt: { label: { en: "An exemption provided by law applies to what you asked for." } },
  manifestly_unfounded_or_excessive: { label: { en: "The request is manifestly unfounded or excessive." } },
  duplicate: { label: { en: "The request repeats one of yours that we are still answering." } },
  other: { label: { en: "For the reason explained below." } }
} as const

type NonEmpty<A> = readonly [A, ...Array<A>]
const reasonCodes = Object.keys(RefusalReasons) as unknown as NonEmpty<keyof typeof RefusalReasons>

export const RefusalReason = Schema.Literal(...reasonCodes).annotations({
  identifier: "RefusalReason",
  description: "Why the request is refused, a code of the catalogue.",
  message: () => ({ message: `must be one of ${reasonCodes.join(", ")}`, override: true })
})
export type RefusalReason = typeof RefusalReason.Type

/** The reasons, in catalogue order. */
export const refusalReasons: ReadonlyArray<RefusalReason> = reasonCodes

/** Characters of a refusal's free text. */
export const RefusalDetailsLimit = Limits.messageVariable

/**
 * A refusal's reason: a code of the catalogue and, optionally, free text for the requester
 * (required with `other`, whose label says nothing by itself).
 */
export const Refusal = Schema.Struct({
  reason: RefusalReason,
  details: Schema.optionalWith(Text(RefusalDetailsLimit), { exact: true })
}).pipe(
  Schema.filter((refusal) =>
    refusal.reason !== "other" || (refusal.details ?? "").trim() !== "" ||
    { path: ["details"], message: "is required when the reason is other" }
  )
).annotations({
  identifier: "Refusal",
  description: "Why a request is refused: a `reason` code and optional `details`, both sent to the requester."
})
export type Refusal = typeof Refusal.Type

/** What a refusal must tell the requester under one regulation, beside its reason. */
export interface RefusalNotice {
  /** What the regulation lists (`refusal_notice` of the regulations catalogue). */
  readonly items: ReadonlyArray<NoticeItem>
  /** Each a paragraph of the refusal email, in its language: the requester's remedies under the regulation. */
  readonly statements: ReadonlyArray<string>
}

const isRegulationId = (id: string): id is RegulationId => Object.hasOwn(RegulationsCatalogue, id)

/**
 * What a refusal under `regulation_id` must tell beside its reason, read off the regulations
 * catalogue; an unknown regulation asks for the reason alone.
 */
export const refusalNotice = (regulation_id: string, language: Language = FallbackLanguage): RefusalNotice => {
  if (!isRegulationId(regulation_id)) return { items: ["reasons"], statements: [] }
  const { refusal_notice, remedies } = RegulationsCatalogue[regulation_id]
  return { items: refusal_notice, statements: [translate(remedies, language)] }
}

/** How a refusal's reason reads to the requester. */
export const refusalReasonText = (reason: RefusalReason): string => RefusalReasons[reason].label.en
