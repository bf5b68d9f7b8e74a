import { Erasure, ExtraMessageVariables, recipientKeyOf, Refusal, Request, RequestId, Validation } from "@dsar/domain"
import { ScalarFields, type Versioned } from "@dsar/http"
import { Schema } from "effect"

/** The columns holding nested values, as the JSON text of their encoded form. */
const Nested = {
  metadata: Schema.parseJson(Request.fields.metadata),
  extra_message_variables: Schema.parseJson(ExtraMessageVariables),
  source: Schema.parseJson(Request.fields.source),
  validation: Schema.NullOr(Schema.parseJson(Validation)),
  request_fields: Schema.parseJson(Request.fields.request_fields),
  // Null until the request is erased; the request then has its `erasure`.
  erasure: Schema.NullOr(Schema.parseJson(Erasure)),
  // Null until the request is refused with a reason.
  refusal: Schema.NullOr(Schema.parseJson(Refusal))
}

/** The `requests` columns: scalars as columns (filters and sorts need them), nested values as JSON, the recipient. */
const Columns = Schema.Struct({
  ...Request.omit(
    "domain",
    "metadata",
    "extra_message_variables",
    "source",
    "validation",
    "request_fields",
    "erasure",
    "refusal",
    "duplicate_of"
  ).fields,
  ...Nested,
  duplicate_of: Schema.NullOr(RequestId),
  // Derived from `request_fields` on every write (so erasing the fields clears it), for searches by
  // recipient through its index (migration 0022, decision 0027); never read back.
  recipient: Schema.NullOr(Schema.String),
  version: Schema.Int
})

// `Columns` already validates every field, both ways (decoding a row, and the request's type before
// encoding it). Checking the assembled request against `typeSchema(Request)` again would repeat
// that work for every row of every page the list reads.
const Assembled = Schema.declare((input: unknown): input is Versioned<Request> =>
  typeof input === "object" && input !== null
)

/** A `requests` row as the request it holds and its version. `domain` is always null, so not stored. */
export const RequestRow = Schema.transform(Columns, Assembled, {
  strict: true,
  decode: ({ duplicate_of, erasure, recipient: _recipient, refusal, version, ...request }): Versioned<Request> => ({
    value: {
      ...request,
      domain: null,
      ...(erasure === null ? {} : { erasure }),
      ...(refusal === null ? {} : { refusal }),
      ...(duplicate_of === null ? {} : { duplicate_of })
    },
    version
  }),
  encode: ({ value: { domain: _domain, duplicate_of, erasure, refusal, ...request }, version }) => ({
    ...request,
    erasure: erasure ?? null,
    refusal: refusal ?? null,
    duplicate_of: duplicate_of ?? null,
    recipient: recipientKeyOf(request),
    version
  })
})

const nested = new Set(Object.keys(Nested))
/** Columns whose null stands for a property the request does not have. */
const absentWhenNull = new Set(["erasure", "refusal", "duplicate_of"])
const members = Object.keys(Request.fields).map((key) => ({ key, name: `${JSON.stringify(key)}:` }))

/** A row's `validation` column and version: all that forgetting its approval URL reads and writes. */
export const ValidationColumns = Columns.pick("validation", "version")

/** A row's scalar columns, decoded as the request's fields: a page's cursor is made from them. */
export const RequestKeyRow = Columns.pick(...ScalarFields)

/**
 * The JSON of the request a row holds, written from the row as it is: scalar columns hold their
 * encoded values and nested columns the JSON text of theirs, so the text is the request's encoded
 * form without decoding the row (the stores' conformance suite checks it against encoding the
 * decoded request). It spares a list page decoding every row only to encode it again.
 */
export const requestJsonOf = (row: Readonly<Record<string, unknown>>): string => {
  let json = ""
  for (const { key, name } of members) {
    // `erasure` is absent, not null, from a request never erased; so are `refusal` and `duplicate_of` until they apply.
    if (absentWhenNull.has(key) && row[key] === null) continue
    const value = key === "domain"
      ? "null"
      : nested.has(key)
      ? ((row[key] as string | null) ?? "null")
      : JSON.stringify(row[key])
    json += (json === "" ? "{" : ",") + name + value
  }
  return `${json}}`
}
