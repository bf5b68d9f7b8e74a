import { Either, Schema } from "effect"
import { type EditableField, EditableFields, editableFieldsText } from "./EditableFields.js"
import { ForbiddenFields, type InvalidInput } from "./Errors.js"
import { ExtraMessageVariablesInput } from "./ExtraMessageVariables.js"
import { decodeInput } from "./Input.js"
import { MetadataInput } from "./Metadata.js"
import { Refusal } from "./Refusal.js"
import { Status } from "./Status.js"

export { type EditableField, EditableFields, editableFieldsText } from "./EditableFields.js"

const optional = <S extends Schema.Schema.Any>(schema: S) => Schema.optionalWith(schema, { exact: true })

/** The body of `PATCH /dsar/requests/{id}`: any other property refuses the whole change. */
export const PatchRequest = Schema.Struct(
  {
    status: optional(Status),
    metadata: optional(MetadataInput),
    extra_message_variables: optional(ExtraMessageVariablesInput),
    refusal: optional(
      Refusal.annotations({ description: "Required with `status: refused`: why, told to the requester." })
    )
  } satisfies { readonly [F in EditableField]: Schema.PropertySignature.All }
).annotations({
  identifier: "PatchRequest",
  description: `Only ${editableFieldsText("`")} can be changed.`,
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
  return forbidden.length > 0
    ? Either.left(new ForbiddenFields({ fields: forbidden }))
    : decodeInput(PatchRequest)(input)
}
