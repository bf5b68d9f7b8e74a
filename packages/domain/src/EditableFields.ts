/** The only properties of a request that may change after its creation. */
export const EditableFields = ["status", "metadata", "extra_message_variables"] as const
export type EditableField = (typeof EditableFields)[number]

/** The editable fields as prose, each wrapped in `mark`: "status, metadata and extra_message_variables". */
export const editableFieldsText = (mark = ""): string => {
  const marked = EditableFields.map((field) => `${mark}${field}${mark}`)
  return `${marked.slice(0, -1).join(", ")} and ${marked.at(-1)}`
}
