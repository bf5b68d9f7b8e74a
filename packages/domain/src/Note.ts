import { Schema } from "effect"
import { NoteId, OrganizationId, RequestId } from "./Ids.js"
import { storable } from "./Limits.js"
import { Timestamp } from "./Timestamp.js"

export const NoteValue = storable(Schema.NonEmptyTrimmedString, 10_000).annotations({
  description: "The comment, at most 10,000 characters."
})

/** A staff comment kept with a request. */
export const Note = Schema.Struct({
  id: NoteId,
  created_at: Timestamp,
  updated_at: Timestamp,
  organization_id: OrganizationId,
  request_id: RequestId,
  value: NoteValue
}).annotations({ identifier: "Note" })
export type Note = typeof Note.Type

export const CreateNote = Schema.Struct({
  request_id: RequestId,
  value: NoteValue
}).annotations({ identifier: "CreateNote" })
export type CreateNote = typeof CreateNote.Type
