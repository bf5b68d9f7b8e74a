import { Schema } from "effect"
import { Limits, storable } from "./Limits.js"

const id = <B extends string>(brand: B, description: string) =>
  storable(Schema.NonEmptyTrimmedString, Limits.id).pipe(Schema.brand(brand)).annotations({
    identifier: brand,
    description
  })

export const RequestId = id("RequestId", "Identifier of a privacy request.")
export type RequestId = typeof RequestId.Type

export const OrganizationId = id("OrganizationId", "Identifier of the organisation that owns the data.")
export type OrganizationId = typeof OrganizationId.Type

export const OrganizationUserId = id(
  "OrganizationUserId",
  "Identifier of the end-user within the organisation (an email address is recommended)."
)
export type OrganizationUserId = typeof OrganizationUserId.Type

export const UserId = id("UserId", "Identifier of a user record.")
export type UserId = typeof UserId.Type

export const SourceId = id("SourceId", "Identifier of the source a request came from.")
export type SourceId = typeof SourceId.Type

export const ValidationId = id("ValidationId", "Identifier of a request's identity validation.")
export type ValidationId = typeof ValidationId.Type

export const RequestFieldId = id("RequestFieldId", "Identifier of one field value of a request.")
export type RequestFieldId = typeof RequestFieldId.Type

export const FieldId = id("FieldId", "Identifier of a field definition, such as the built-in `email`.")
export type FieldId = typeof FieldId.Type

export const LinkId = id("LinkId", "Identifier of an approval link.")
export type LinkId = typeof LinkId.Type

export const NoteId = id("NoteId", "Identifier of a staff note.")
export type NoteId = typeof NoteId.Type

export const HistoryEntryId = id("HistoryEntryId", "Identifier of a history entry.")
export type HistoryEntryId = typeof HistoryEntryId.Type

export const OperatorId = id("OperatorId", "Identifier of an operator: a person of an organisation's privacy team.")
export type OperatorId = typeof OperatorId.Type
