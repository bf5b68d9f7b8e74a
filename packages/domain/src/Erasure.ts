import { Schema } from "effect"
import type { FieldChange } from "./History.js"
import { Actor } from "./History.js"
import { OrganizationUserId } from "./Ids.js"
import type { Request } from "./Request.js"
import { Timestamp } from "./Timestamp.js"
import { withoutApprovalUrl } from "./Validation.js"

/**
 * When a request's personal data was erased, and by whom. What an erased request keeps is the
 * record the law asks for (CCPA regulations §7101: 24 months): its id, right, regulation, last
 * status and dates; everything the requester gave or the organisation wrote about them is gone.
 */
export const Erasure = Schema.Struct({
  at: Timestamp,
  by: Actor
}).annotations({ identifier: "Erasure", description: "When the request's personal data was erased, and by whom." })
export type Erasure = typeof Erasure.Type

/** What an erased request shows in place of the requester's identifier. */
export const ErasedUserId = OrganizationUserId.make("erased")

/**
 * The request once its personal data is erased: the user's identifier, metadata, message
 * variables, fields, the source's country, the approval link and a refusal's free text are
 * emptied; ids, right, regulation, status, dates and a refusal's reason are kept. `updated_at` is left as it was: it dates the last change
 * of the request's processing, which a retention period counts from.
 */
export const erasedRequest = (request: Request, erasure: Erasure): Request => ({
  ...request,
  organization_user_id: ErasedUserId,
  metadata: {},
  extra_message_variables: {},
  request_fields: [],
  source: { ...request.source, country: null },
  validation: withoutApprovalUrl(request.validation),
  // The reason a request was refused is part of the record; its free text may speak of the requester.
  ...(request.refusal === undefined ? {} : { refusal: { reason: request.refusal.reason } }),
  erasure
})

const reasonOnly = (refusal: unknown): unknown =>
  typeof refusal === "object" && refusal !== null && "reason" in refusal ? { reason: refusal.reason } : null

/**
 * A history change once erased: which field changed stays, its values go, except a status's and a
 * deadline's (no personal data, and the record that the request was answered in time), and a
 * refusal's reason code.
 */
export const erasedChange = (change: FieldChange): FieldChange =>
  change.field === "status" || change.field === "expires_at"
    ? change
    : change.field === "refusal"
    ? { field: change.field, from: reasonOnly(change.from), to: reasonOnly(change.to) }
    : { field: change.field, from: null, to: null }

/** How long closed requests are kept before their personal data is erased, e.g. 24 months. */
export interface RetentionPeriod {
  readonly amount: number
  readonly unit: "days" | "months" | "years"
}

/**
 * A period as a person writes it: `30 days`, `24 months`, `2 years` (singular too). `undefined`
 * for anything else.
 */
export const parseRetentionPeriod = (text: string): RetentionPeriod | undefined => {
  const match = /^\s*(\d{1,5})\s*(day|days|month|months|year|years)\s*$/i.exec(text)
  if (match === null) return undefined
  const amount = Number(match[1])
  const unit = match[2]!.toLowerCase()
  return amount < 1
    ? undefined
    : { amount, unit: unit.endsWith("s") ? (unit as RetentionPeriod["unit"]) : (`${unit}s` as RetentionPeriod["unit"]) }
}

/**
 * The instant before which a closed request's last change must lie for its period to be over:
 * `now` minus the period in calendar days, months or years (UTC), so that "24 months" keeps a
 * record 24 calendar months, never less.
 */
export const retentionCutoff = (now: Date, period: RetentionPeriod): Date => {
  const cutoff = new Date(now.getTime())
  if (period.unit === "days") cutoff.setUTCDate(cutoff.getUTCDate() - period.amount)
  if (period.unit === "months") cutoff.setUTCMonth(cutoff.getUTCMonth() - period.amount)
  if (period.unit === "years") cutoff.setUTCFullYear(cutoff.getUTCFullYear() - period.amount)
  return cutoff
}
