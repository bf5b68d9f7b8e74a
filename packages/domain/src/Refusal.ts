import { Schema } from "effect"
import { Limits, Text } from "./Limits.js"

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
  /** Where the regulation says so. */
  readonly basis: string
  /** Each a paragraph of the refusal email, in English. */
  readonly statements: ReadonlyArray<string>
}

/** Every refusal states its reason; a regulation without an entry asks for no more. */
const reasonOnly: RefusalNotice = { basis: "", statements: [] }

/**
 * What a refusal must tell, by regulation id (the catalogue's `regulation_id`); regulations not
 * in the rights catalogue yet are listed too, so adding their rights is all they need.
 */
export const RefusalNotices: { readonly [regulation_id: string]: RefusalNotice } = {
  // 11 CCR §7022 and §7024: the consumer is told that the request is denied and its basis.
  cpra: { basis: "11 CCR §7022, §7024", statements: [] },
  // Art. 12(4): the reasons, and the possibility of a complaint and of a judicial remedy.
  gdpr: {
    basis: "GDPR Art. 12(4)",
    statements: [
      "You have the right to lodge a complaint with a supervisory authority, in particular in the Member State of your habitual residence, place of work or of the alleged infringement.",
      "You have the right to seek a judicial remedy."
    ]
  },
  // Art. 18 §4: the reasons of fact or of law; Art. 18 §1 and §8: a petition to the national authority.
  lgpd: {
    basis: "LGPD Art. 18",
    statements: ["You have the right to petition the National Data Protection Authority (ANPD) about your request."]
  }
}

/** What a refusal under `regulation_id` must tell beside its reason. */
export const refusalNotice = (regulation_id: string): RefusalNotice =>
  Object.hasOwn(RefusalNotices, regulation_id) ? RefusalNotices[regulation_id]! : reasonOnly

/** How a refusal's reason reads to the requester. */
export const refusalReasonText = (reason: RefusalReason): string => RefusalReasons[reason].label.en
