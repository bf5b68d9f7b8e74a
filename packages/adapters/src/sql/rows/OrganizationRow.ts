import { Organization } from "@dsar/domain"
import { Schema } from "effect"

export const OrganizationRow = Schema.Struct({
  ...Organization.fields,
  redirect_domains: Schema.parseJson(Organization.fields.redirect_domains)
})
