import { EmailField, type PreparedField } from "./Fields.js"

interface WithFields {
  readonly request_fields: ReadonlyArray<{ readonly field_id: string; readonly value: string }>
}

/** The address a request's emails go to: its `email` request field; `null` when it has none. */
export const recipientOf = (request: WithFields): string | null =>
  request.request_fields.find((field) => field.field_id === EmailField.id)?.value ?? null

/** An address as searches by recipient compare it: lower-cased, so that any case of it finds the request. */
export const recipientKey = (address: string): string => address.toLowerCase()

/**
 * The request's recipient as searches compare it (what the SQL stores keep in their indexed
 * `recipient` column); `null` when it has none, as an erased request has none.
 */
export const recipientKeyOf = (request: WithFields): string | null => {
  const recipient = recipientOf(request)
  return recipient === null ? null : recipientKey(recipient)
}

/**
 * A new request's fields, with where its emails go decided once and kept as its `email` field:
 * the `email` field the request gives; else its `user.email`; else the email of the user already
 * stored for its `organization_user_id`. Every later email, the API, the CLI and the export then
 * read the one address from the request alone (`recipientOf`), whatever later requests of the same
 * user give. Both addresses went through the email field's pipeline when they were decoded.
 */
export const withRecipient = (
  fields: ReadonlyArray<PreparedField>,
  addresses: { readonly given: string | undefined; readonly stored: string | null | undefined }
): ReadonlyArray<PreparedField> => {
  if (recipientOf({ request_fields: fields }) !== null) return fields
  const address = addresses.given ?? addresses.stored ?? null
  return address === null ? fields : [...fields, { field_id: EmailField.id, value: address, field: EmailField }]
}
