import { Schema } from "effect"
import { ExtraMessageVariablesInput } from "./ExtraMessageVariables.js"
import { BuiltInFields, EmailAddress, EmailField, EmailJsonSchema } from "./Fields.js"
import { OrganizationUserId } from "./Ids.js"
import { Language } from "./Language.js"
import { Limits, storable, Text } from "./Limits.js"
import { MetadataInput } from "./Metadata.js"
import { Country, SourceType } from "./Source.js"
import { Status } from "./Status.js"
import { UserRightId } from "./UserRights.js"

export const RequestFieldInput = Schema.Struct({
  field_id: Text(Limits.name).annotations({
    description: "A field of the catalogue (today only the built-in `email`), each at most once per request.",
    jsonSchema: { enum: [...BuiltInFields.keys()] }
  }),
  value: Text(Limits.fieldValue).annotations({
    description: "The requester's answer, run through the field's subscribers, then checked by its validations."
  })
}).annotations({
  identifier: "RequestFieldInput",
  // The `email` field's value is an email address (as `EmailAddress` is): said once for the document.
  jsonSchema: {
    if: { properties: { field_id: { const: EmailField.id } } },
    then: { properties: { value: EmailJsonSchema } }
  }
})

export const UserInput = Schema.Struct({
  email: Schema.optionalWith(EmailAddress, { exact: true }),
  metadata: Schema.optionalWith(MetadataInput, { exact: true }),
  id: Schema.optionalWith(storable(Schema.NonEmptyTrimmedString, Limits.id), { exact: true }),
  country: Schema.optionalWith(Country, { exact: true })
}).annotations({
  identifier: "UserInput",
  description: "Applied when no user with this `organization_user_id` exists yet: the user is created from it."
})

export const SourceInput = Schema.Struct({
  type: SourceType,
  country: Schema.optionalWith(Country, { exact: true })
}).annotations({ identifier: "SourceInput" })

/** The body of `POST /dsar/requests`. */
export const CreateRequest = Schema.Struct({
  organization_user_id: OrganizationUserId,
  user_right_id: UserRightId,
  status: Status.annotations({ description: "Initial status; `unverified` starts the email approval workflow." }),
  request_fields: Schema.optionalWith(
    Schema.Array(RequestFieldInput).pipe(
      Schema.maxItems(Limits.fields, { message: () => `must have at most ${Limits.fields} entries` })
    ),
    { exact: true }
  ),
  user: Schema.optionalWith(UserInput, { exact: true }),
  source: SourceInput,
  metadata: Schema.optionalWith(MetadataInput, { exact: true }),
  extra_message_variables: Schema.optionalWith(ExtraMessageVariablesInput, { exact: true }),
  // An extension of the hosted API.
  language: Schema.optionalWith(
    Language.annotations({
      description:
        "The language of the requester's emails and link pages (extension). Default: the language of `user.country`, else of `source.country`, else the organisation's `default_language`."
    }),
    { exact: true }
  )
}).annotations({
  identifier: "CreateRequest",
  description: "A new request. With `status: unverified` the requester's email is required: an `email` request "
    + "field, else `user.email`, else the email of the user already stored for this `organization_user_id`; "
    + "without one the request is refused (400 at `request_fields.email`), since its approval link could reach no one."
})
export type CreateRequest = typeof CreateRequest.Type
