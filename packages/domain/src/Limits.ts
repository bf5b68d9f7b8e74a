import { Schema } from "effect"

/**
 * The sizes the API accepts, the same on every store (documented in docs/api.md, "Limits"). Each
 * keeps its value far from what a database can index or a mail header can carry: PostgreSQL
 * refuses an index row over about 2.7 KB, so no indexed text may come near it.
 */
export const Limits = {
  /** Characters of an identifier: `organization_user_id`, ids in paths and bodies. */
  id: 256,
  /** Characters of a short text: a field id, a country, a message variable's name. */
  name: 64,
  /** Characters of a request field's value. */
  fieldValue: 1_000,
  /** Entries of `request_fields`. */
  fields: 20,
  /** Characters of a URL. */
  url: 2_048,
  /** Bytes of `metadata` (user or request) as JSON. */
  metadataBytes: 16_384,
  /** Entries of `extra_message_variables`, and characters of each value. */
  messageVariables: 50,
  messageVariable: 2_000,
  /** Characters of an API key or secret. */
  credential: 256,
  /** Entries an error's `errors` lists; the rest are counted in its last entry. */
  errors: 20,
  /** Years a date filter may name (ISO 8601 without expanded years). */
  years: { min: 1, max: 9999 }
} as const

// A lone surrogate cannot be encoded as UTF-8: a store would replace it, or refuse it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Why a string cannot be stored as it is on every store, if it cannot. */
export const textProblem = (value: string): string | undefined =>
  value.includes("\u0000")
    ? "must not contain NUL characters"
    : LONE_SURROGATE.test(value)
    ? "must not contain unpaired surrogates (not valid Unicode)"
    : undefined

/** `schema`'s strings that every store keeps exactly: no NUL, valid Unicode, at most `max` characters. */
export const storable = <A extends string, I, R>(schema: Schema.Schema<A, I, R>, max: number): Schema.Schema<A, I, R> =>
  schema.pipe(
    Schema.filter((value: A) => textProblem(value) ?? true),
    Schema.maxLength(max, { message: () => `must be at most ${max} characters` })
  )

/** A string every store keeps exactly, of at most `max` characters. */
export const Text = (max: number) => storable(Schema.String, max)

/**
 * A problem with a JSON value's keys and strings, at any depth: NUL, unpaired surrogates, or a
 * `__proto__` key (which a decoded object would not keep as a property).
 */
export const jsonProblem = (value: unknown): string | undefined => {
  const pending: Array<unknown> = [value]
  while (pending.length > 0) {
    const current = pending.pop()
    if (typeof current === "string") {
      const problem = textProblem(current)
      if (problem !== undefined) return `strings ${problem}`
    } else if (typeof current === "object" && current !== null) {
      for (const [key, child] of Object.entries(current)) {
        if (key === "__proto__") return "must not have a __proto__ key"
        const problem = textProblem(key)
        if (problem !== undefined) return `keys ${problem}`
        pending.push(child)
      }
    }
  }
  return undefined
}

const utf8Length = (text: string): number => {
  let bytes = 0
  for (const char of text) {
    const code = char.codePointAt(0)!
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4
  }
  return bytes
}

/**
 * Where a JSON object from a request body is checked before a record schema decodes it: decoding
 * rebuilds the object, and would drop a `__proto__` key (setting the prototype instead) unseen.
 */
export const CheckedJson = (maxBytes: number) =>
  Schema.Unknown.pipe(
    Schema.filter((value) => {
      const problem = jsonProblem(value)
      if (problem !== undefined) return problem
      return utf8Length(JSON.stringify(value) ?? "") <= maxBytes || `must be at most ${maxBytes} bytes as JSON`
    })
  )
