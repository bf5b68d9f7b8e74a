import { OrganizationId, Timestamp } from "@dsar/domain"
import { Schema } from "effect"

/** The port's `ApiKey` as a schema, so every adapter stores and reads it the same way. */
export const ApiKeySchema = Schema.Struct({
  key: Schema.String,
  organization_id: OrganizationId,
  secret_hash: Schema.String,
  created_at: Timestamp
})
