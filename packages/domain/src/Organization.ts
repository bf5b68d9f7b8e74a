import { Schema } from "effect"
import { Timestamp } from "./Timestamp.js"
import { HttpUrl } from "./Urls.js"
import { OrganizationId } from "./Ids.js"

/** An organisation: the tenant every request, user, link and note belongs to. */
export const Organization = Schema.Struct({
  id: OrganizationId,
  name: Schema.NonEmptyTrimmedString,
  created_at: Timestamp,
  default_redirect_url: HttpUrl.annotations({
    description: "Where requesters land after confirming an approval link the API created for them."
  }),
  redirect_domains: Schema.Array(Schema.String).annotations({
    description: "Hosts a link's `redirect_url` may point to (a host or any of its subdomains); empty allows any."
  })
}).annotations({ identifier: "Organization" })
export type Organization = typeof Organization.Type

const hostOf = (url: string): string => new URL(url).hostname.toLowerCase()

/** Whether an organisation lets its links redirect to `url`. */
export const redirectAllowed = (organization: Pick<Organization, "redirect_domains">, url: string): boolean => {
  if (organization.redirect_domains.length === 0) return true
  const host = hostOf(url)
  return organization.redirect_domains.some((domain) => {
    const allowed = domain.toLowerCase()
    return host === allowed || host.endsWith(`.${allowed}`)
  })
}
