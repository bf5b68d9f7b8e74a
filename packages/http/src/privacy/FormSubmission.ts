import { applyField, CreateRequest, decodeInput, EmailField, type Language } from "@dsar/domain"
import { Either } from "effect"
import type { FormField, FormValues } from "./FormPage.js"

/** Where the API's refusals point (`errors[].path`), read as the form's field they are about. */
const fieldOfPath = (path: string): FormField =>
  path === "user_right_id"
    ? "right"
    : path === "organization_user_id" || path.startsWith("request_fields") || path === "user.email"
    ? "email"
    : path === "source.country" || path === "user.country"
    ? "country"
    : "other"

/** The form's fields some refusal of the API points at. */
export const fieldsInError = (errors: ReadonlyArray<{ readonly path: string }>): ReadonlySet<FormField> =>
  new Set(errors.map((error) => fieldOfPath(error.path)))

/**
 * The API's `CreateRequest` the form stands for, checked as the API checks its body, or the fields
 * to correct: an `unverified` request for the chosen right, the address as its `email` field and,
 * normalised, as `organization_user_id` (the same requester asking twice is one user), the country
 * as the source's and the user's, in the language the form was read in.
 */
export const toCreateRequest = (
  values: FormValues,
  language: Language
): Either.Either<CreateRequest, ReadonlySet<FormField>> => {
  const email = applyField(EmailField, values.email)
  const country = values.country.trim().toUpperCase()
  const located = country === "" ? {} : { country }
  const decoded = decodeInput(CreateRequest)({
    organization_user_id: Either.getOrElse(email, () => ""),
    user_right_id: values.right,
    status: "unverified",
    request_fields: [{ field_id: EmailField.id, value: values.email }],
    source: { type: "DSAR", ...located },
    ...(country !== "" && { user: located }),
    language
  })
  const errors = new Set([
    ...(Either.isLeft(email) ? ["email" as const] : []),
    ...Either.match(decoded, { onLeft: (invalid) => fieldsInError(invalid.errors), onRight: () => [] })
  ])
  return errors.size > 0 ? Either.left(errors) : Either.mapLeft(decoded, () => errors)
}
