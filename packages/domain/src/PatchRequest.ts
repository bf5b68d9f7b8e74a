import { Either, Schema } from "effect"
import { ExtraMessageVariables, Metadata } from "./Common.js"
import { ForbiddenFields, type InvalidInput } from "./Errors.js"
import { decodeInput } from "./Input.js"
import { Status } from "./Status.js"

/** The only properties a request may change after creation. */
export const EditableFields = ["status", "metadata", "extra_message_variables"] as const

/** The body of `PATCH /dsar/requests/{id}`: any other property refuses the whole change. */
export const PatchRequest = Schema.Struct({
  status: Schema.optionalWith(Status, { exact: true }),
  metadata: Schema.optionalWith(Metadata, { exact: true }),
  extra_message_variables: Schema.optionalWith(ExtraMessageVariables, { exact: true })
}).annotations({
  identifier: "PatchRequest",
  description: "Only `status`, `metadata` and `extra_message_variables` can be changed.",
  parseOptions: { onExcessProperty: "error" }
})
export type PatchRequest = typeof PatchRequest.Type

const editable: ReadonlySet<string> = new Set(EditableFields)

/** The properties of a PATCH body that may not be changed, all of them. */
export const forbiddenFields = (input: unknown): ReadonlyArray<string> =>
  typeof input === "object" && input !== null && !Array.isArray(input)
    ? Object.keys(input).filter((key) => !editable.has(key))
    : []

/** Decodes a PATCH body: forbidden properties are named together, before any value is checked. */
export const decodePatchRequest = (input: unknown): Either.Either<PatchRequest, ForbiddenFields | InvalidInput> => {
  const forbidden = forbiddenFields(input)
  return forbidden.length > 0 ? Either.left(new ForbiddenFields({ fields: forbidden })) : decodeInput(PatchRequest)(input)
}
