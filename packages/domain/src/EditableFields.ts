/**
 * The only properties of a request that may change after its creation. `refusal` is set once,
 * with the move to `refused` (the lifecycle requires it then and refuses it otherwise).
 */
export const EditableFields = ["status", "metadata", "extra_message_variables", "refusal"] as const
export type EditableField = (typeof EditableFields)[number]

/** The editable fields as prose, each wrapped in `mark`: "status, metadata, extra_message_variables and refusal". */
export const editableFieldsText = (mark = ""): string => {
  const marked = EditableFields.map((field) => `${mark}${field}${mark}`)
  return `${marked.slice(0, -1).join(", ")} and ${marked.at(-1)}`
}
