import { Schema } from "effect"
import { OrganizationId } from "./Ids.js"
import { Timestamp } from "./Timestamp.js"
import { HttpUrl } from "./Urls.js"

// A DNS name: labels of letters, digits and inner hyphens, dot-separated, at most 253 characters.
const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/

/** A host links may redirect to, lower-cased: a name, not a URL (no scheme, port or path). */
export const RedirectDomain = Schema.Lowercase.pipe(
  Schema.compose(
    Schema.String.pipe(
      Schema.filter((domain) =>
        HOST.test(domain) || "must be a host name such as example.org (no scheme, port or path)"
      )
    )
  )
).annotations({ identifier: "RedirectDomain", arbitrary: () => (fc) => fc.domain() })

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

/**
 * What creating an organisation takes. Its default redirect URL is where its own links land, so
 * it must be one of its redirect domains when it names any.
 */
export const NewOrganization = Schema.Struct({
  name: Organization.fields.name,
  default_redirect_url: Organization.fields.default_redirect_url,
  redirect_domains: Schema.Array(RedirectDomain)
}).pipe(
  Schema.filter((organization) =>
    redirectAllowed(organization, organization.default_redirect_url) || {
      path: ["default_redirect_url"],
      message: `must be on one of the redirect domains (${organization.redirect_domains.join(", ")})`
    }
  )
).annotations({ identifier: "NewOrganization" })
export type NewOrganization = typeof NewOrganization.Type
