import { ExtraMessageVariables, Request, Validation } from "@dsar/domain"
import { Schema } from "effect"

/** The `requests` columns: scalars as columns (filters and sorts need them), nested values as JSON. */
const Columns = Schema.Struct({
  ...Request.omit("domain", "metadata", "extra_message_variables", "source", "validation", "request_fields").fields,
  metadata: Schema.parseJson(Request.fields.metadata),
  extra_message_variables: Schema.parseJson(ExtraMessageVariables),
  source: Schema.parseJson(Request.fields.source),
  validation: Schema.NullOr(Schema.parseJson(Validation)),
  request_fields: Schema.parseJson(Request.fields.request_fields),
  version: Schema.Int
})

/** A `requests` row as the request it holds and its version. `domain` is always null, so not stored. */
export const RequestRow = Schema.transform(Columns, Schema.Struct({ value: Schema.typeSchema(Request), version: Schema.Int }), {
  strict: true,
  decode: ({ version, ...request }) => ({ value: { ...request, domain: null }, version }),
  encode: ({ value: { domain: _domain, ...request }, version }) => ({ ...request, version })
})
