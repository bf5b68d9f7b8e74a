import { Either, ParseResult, Schema } from "effect"
import { InvalidRequestFields } from "./Errors.js"
import { FieldId, OrganizationId } from "./Ids.js"
import { Timestamp } from "./Timestamp.js"
import { Translations } from "./Translations.js"
import { UserRightId } from "./UserRights.js"

export const FieldValidation = Schema.Literal("required", "email").annotations({ identifier: "FieldValidation" })
export type FieldValidation = typeof FieldValidation.Type

export const FieldSubscriber = Schema.Literal("trim_value", "to_lower_case").annotations({
  identifier: "FieldSubscriber",
  description: "A normalisation applied to a value before it is validated and stored."
})
export type FieldSubscriber = typeof FieldSubscriber.Type

/** The definition of a field a requester fills in, embedded as `field` in each request field. */
export const FieldDefinition = Schema.Struct({
  id: FieldId,
  created_at: Timestamp,
  updated_at: Timestamp,
  organization_id: Schema.NullOr(OrganizationId),
  user_right_id: Schema.NullOr(UserRightId),
  label: Translations,
  placeholder: Translations,
  description: Translations,
  hint: Translations,
  type: Schema.String.annotations({ description: "Input type, e.g. `email` or `text`." }),
  usage: Schema.String.annotations({ description: "What the field is for, e.g. `auth` for identity." }),
  validations: Schema.Array(FieldValidation),
  subscribers: Schema.Array(FieldSubscriber)
}).annotations({ identifier: "FieldDefinition" })
export type FieldDefinition = typeof FieldDefinition.Type

/** The built-in field every organisation has: where emails to the requester go. */
export const EmailField: FieldDefinition = {
  id: FieldId.make("email"),
  created_at: new Date("2020-01-01T00:00:00.000Z"),
  updated_at: new Date("2020-01-01T00:00:00.000Z"),
  organization_id: null,
  user_right_id: null,
  label: { en: "Email address *", fr: "Adresse e-mail *", de: "E-Mail-Adresse *", es: "Correo electrónico *" },
  placeholder: {
    en: "Enter your email address",
    fr: "Saisissez votre adresse e-mail",
    de: "Geben Sie Ihre E-Mail-Adresse ein",
    es: "Introduzca su correo electrónico"
  },
  description: {
    en: "In order to proceed with your request, we need to confirm your identity by email.",
    fr: "Pour traiter votre demande, nous devons confirmer votre identité par e-mail.",
    de: "Um Ihre Anfrage zu bearbeiten, müssen wir Ihre Identität per E-Mail bestätigen.",
    es: "Para tramitar su solicitud, debemos confirmar su identidad por correo electrónico."
  },
  hint: {
    en: "We are the responsible party for the data we hold about you.",
    fr: "Nous sommes responsables des données que nous détenons à votre sujet.",
    de: "Wir sind für die Daten verantwortlich, die wir über Sie speichern.",
    es: "Somos los responsables de los datos que tenemos sobre usted."
  },
  type: "email",
  usage: "auth",
  validations: ["required", "email"],
  subscribers: ["trim_value", "to_lower_case"]
}

export const BuiltInFields: ReadonlyMap<string, FieldDefinition> = new Map([[EmailField.id, EmailField]])

const subscribers: Record<FieldSubscriber, (value: string) => string> = {
  trim_value: (value) => value.trim(),
  to_lower_case: (value) => value.toLowerCase()
}

// The WHATWG HTML "valid e-mail address" grammar, the one browsers apply to <input type=email>.
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/

const validations: Record<FieldValidation, (value: string) => string | undefined> = {
  required: (value) => (value.length === 0 ? "is required" : undefined),
  email: (value) => (value.length > 0 && !isEmailAddress(value) ? "must be an email address" : undefined)
}

/**
 * The address rule in JSON Schema, for the OpenAPI document: the grammar above, with the spaces
 * the pipeline trims around it and the length before the `@`.
 */
export const EmailJsonSchema = {
  format: "email",
  pattern: `^\\s*(?=[^@]{1,64}@)${EMAIL.source.slice(1, -1)}\\s*$`,
  maxLength: 254
} as const

// RFC 5321 (4.5.3.1): at most 64 octets before the @, and 254 in all (a 256-octet path, less the
// angle brackets); the grammar above allows ASCII only, so characters are octets.
export const isEmailAddress = (value: string): boolean =>
  EMAIL.test(value) && value.length <= 254 && value.lastIndexOf("@") <= 64

/** Runs a field's subscribers in order, then its validations: the stored value, or why it is refused. */
export const applyField = (field: FieldDefinition, raw: string): Either.Either<string, string> => {
  const value = field.subscribers.reduce((acc, name) => subscribers[name](acc), raw)
  const problems = field.validations.flatMap((name) => validations[name](value) ?? [])
  return problems.length === 0 ? Either.right(value) : Either.left(problems.join(" and "))
}

export interface FieldValue {
  readonly field_id: string
  readonly value: string
}

export interface PreparedField {
  readonly field_id: FieldId
  readonly value: string
  readonly field: FieldDefinition
}

/**
 * Applies each value's field definition; refuses unknown field ids, repeated ids and invalid
 * values, naming every offending field in one error.
 */
export const prepareRequestFields = (
  values: ReadonlyArray<FieldValue>,
  definitions: ReadonlyMap<string, FieldDefinition> = BuiltInFields
): Either.Either<ReadonlyArray<PreparedField>, InvalidRequestFields> => {
  const errors: Array<{ field_id: string; message: string }> = []
  const prepared: Array<PreparedField> = []
  const seen = new Set<string>()
  for (const { field_id, value } of values) {
    const field = definitions.get(field_id)
    if (seen.has(field_id)) {
      errors.push({ field_id, message: "is given more than once" })
    } else if (field === undefined) {
      errors.push({ field_id, message: "is not a known field" })
    } else {
      Either.match(applyField(field, value), {
        onLeft: (message) => errors.push({ field_id, message }),
        onRight: (normalised) => prepared.push({ field_id: field.id, value: normalised, field })
      })
    }
    seen.add(field_id)
  }
  return errors.length === 0 ? Either.right(prepared) : Either.left(new InvalidRequestFields({ errors }))
}

const NormalisedEmail = Schema.String.pipe(
  Schema.filter((value) => Either.isRight(applyField(EmailField, value)) && value === value.trim().toLowerCase())
).annotations({
  arbitrary: () => (fc) => fc.emailAddress().map((value) => value.toLowerCase()).filter(isEmailAddress)
})

/** An email address given anywhere else than the `email` field, run through the same pipeline. */
export const EmailAddress = Schema.transformOrFail(Schema.String, NormalisedEmail, {
  strict: true,
  decode: (raw, _, ast) =>
    Either.match(applyField(EmailField, raw), {
      onLeft: (message) => ParseResult.fail(new ParseResult.Type(ast, raw, message)),
      onRight: ParseResult.succeed
    }),
  encode: ParseResult.succeed
}).annotations({
  identifier: "EmailAddress",
  description:
    "An email address (the WHATWG grammar, at most 64 characters before the `@`, 254 in all); trimmed and lower-cased.",
  jsonSchema: EmailJsonSchema
})
