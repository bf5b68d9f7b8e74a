import { Organization, OrganizationSettings } from "@dsar/domain"
import { Schema } from "effect"

export const OrganizationRow = Schema.Struct({
  ...Organization.fields,
  redirect_domains: Schema.parseJson(Organization.fields.redirect_domains),
  // Settings a row lacks (it was written before they existed) read as their defaults.
  settings: Schema.parseJson(OrganizationSettings)
})
