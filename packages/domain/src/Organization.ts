import { Schema } from "effect"
import { HexColor } from "./Branding.js"
import { EmailAddress } from "./Fields.js"
import { OrganizationId } from "./Ids.js"
import { FallbackLanguage, Language } from "./Language.js"
import { Limits, Text } from "./Limits.js"
import { Timestamp } from "./Timestamp.js"
import { HttpsUrl, HttpUrl } from "./Urls.js"

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

// 3 to 63 letters, digits and inner hyphens: no `_`, so a slug is never an organisation id (`org_…`).
const SLUG = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/

/** The name of an organisation in its form's address (`/privacy/<slug>`), lower-cased on input. */
export const OrganizationSlug = Schema.Lowercase.pipe(
  Schema.compose(
    Schema.String.pipe(
      Schema.filter((slug) =>
        SLUG.test(slug) || "must be 3 to 63 characters of a-z, 0-9 and inner hyphens, e.g. acme-corp"
      )
    )
  )
).annotations({
  identifier: "OrganizationSlug",
  arbitrary: () => (fc) => fc.stringMatching(SLUG)
})

const nullable = <A, I>(schema: Schema.Schema<A, I>, description: string) =>
  Schema.optionalWith(Schema.NullOr(schema).annotations({ description }), { default: () => null })

/**
 * How an organisation's emails and link pages present it to requesters. Each setting is optional
 * (`null`: the built-in look, the server's sender); an extension of the hosted API.
 */
export const OrganizationSettings = Schema.Struct({
  sender_name: nullable(
    Text(Limits.name),
    "The name emails are sent under, beside the server's sender address (default: the organisation's name)."
  ),
  reply_to: nullable(EmailAddress, "Where a requester's replies to an email go (default: the sender)."),
  logo_url: nullable(HttpsUrl, "An https URL of the logo shown atop emails, about 160 × 48 px (default: the name)."),
  primary_color: nullable(HexColor, "The colour of buttons and of the heading rule, e.g. `#1d4ed8`."),
  background_color: nullable(HexColor, "The colour around an email's card and a link page's, e.g. `#f5f5f2`."),
  slug: nullable(
    OrganizationSlug,
    "The organisation's name in the address of its requesters' form, `/privacy/<slug>` (its id works too); unique across organisations."
  ),
  default_language: Schema.optionalWith(
    Language.annotations({
      description: "The language of a request that names none and whose countries speak none of ours."
    }),
    { default: () => FallbackLanguage }
  )
}).annotations({ identifier: "OrganizationSettings" })
export type OrganizationSettings = typeof OrganizationSettings.Type

/** The built-in settings: no branding, English. */
export const defaultOrganizationSettings: OrganizationSettings = Schema.decodeSync(OrganizationSettings)({})

/** A change of settings (`PATCH /dsar/organization`): the settings named are replaced, `null` resets one. */
export const PatchOrganizationSettings = Schema.partialWith(
  Schema.Struct({
    sender_name: Schema.NullOr(Text(Limits.name)),
    reply_to: Schema.NullOr(EmailAddress),
    logo_url: Schema.NullOr(HttpsUrl),
    primary_color: Schema.NullOr(HexColor),
    background_color: Schema.NullOr(HexColor),
    slug: Schema.NullOr(OrganizationSlug),
    default_language: Language
  }),
  { exact: true }
).annotations({ identifier: "PatchOrganizationSettings" })
export type PatchOrganizationSettings = typeof PatchOrganizationSettings.Type

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
  }),
  settings: Schema.optionalWith(OrganizationSettings, { default: () => defaultOrganizationSettings })
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
