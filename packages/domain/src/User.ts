import { Schema } from "effect"
import { OrganizationId, OrganizationUserId, UserId } from "./Ids.js"
import { Metadata } from "./Metadata.js"
import { Country } from "./Source.js"
import { Timestamp } from "./Timestamp.js"

/** The end-user behind requests, created on their first request. */
export const User = Schema.Struct({
  id: UserId,
  created_at: Timestamp,
  updated_at: Timestamp,
  organization_id: OrganizationId,
  organization_user_id: OrganizationUserId,
  email: Schema.NullOr(Schema.String),
  metadata: Metadata,
  country: Schema.NullOr(Country)
}).annotations({ identifier: "User" })
export type User = typeof User.Type
