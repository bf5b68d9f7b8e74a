import { Link, Timestamp } from "@dsar/domain"
import { Schema } from "effect"

/** The port's `StoredLink` as a schema: the link without its URL, plus its token hash and renewal. */
export const StoredLinkSchema = Schema.Struct({
  ...Link.omit("url").fields,
  token_hash: Schema.String,
  renewed_at: Schema.NullOr(Timestamp)
})
