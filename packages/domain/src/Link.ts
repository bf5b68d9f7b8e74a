import { Schema } from "effect"
import { LinkId, OrganizationId, RequestId } from "./Ids.js"
import { Status } from "./Status.js"
import { Timestamp } from "./Timestamp.js"
import { HttpUrl } from "./Urls.js"

/** Link lifetime in seconds: 15 minutes by default, from one minute to seven days. */
export const LinkLifetimeBounds = { default: 900, min: 60, max: 604_800 } as const

export const LinkLifetime = Schema.Int.pipe(
  Schema.between(LinkLifetimeBounds.min, LinkLifetimeBounds.max, {
    message: () => `must be a whole number of seconds from ${LinkLifetimeBounds.min} to ${LinkLifetimeBounds.max}`
  })
).annotations({
  identifier: "LinkLifetime",
  description:
    `Seconds the link stays usable: ${LinkLifetimeBounds.min} to ${LinkLifetimeBounds.max}, default ${LinkLifetimeBounds.default}.`
})

export const LinkAction = Schema.Literal("request.update").annotations({
  description: "What confirming the link does; only `request.update` exists."
})

export const LinkEvent = Schema.Struct({
  status: Status,
  request_id: RequestId
}).annotations({ identifier: "LinkEvent", description: "The status the request moves to when the link is confirmed." })
export type LinkEvent = typeof LinkEvent.Type

/** The body of `POST /dsar/links`. */
export const CreateLink = Schema.Struct({
  action: LinkAction,
  event: LinkEvent,
  redirect_url: HttpUrl.annotations({ description: "Where the requester lands after confirming." }),
  lifetime: Schema.optionalWith(LinkLifetime, { default: () => LinkLifetimeBounds.default, exact: true })
}).annotations({ identifier: "CreateLink" })
export type CreateLink = typeof CreateLink.Type

/** An approval link. Its token travels only in `url`; only a hash of it is stored. */
export const Link = Schema.Struct({
  id: LinkId,
  created_at: Timestamp,
  updated_at: Timestamp,
  organization_id: OrganizationId,
  action: LinkAction,
  event: LinkEvent,
  redirect_url: HttpUrl,
  lifetime: LinkLifetime,
  expires_at: Timestamp.annotations({
    description: "`created_at` + `lifetime`; the link is refused from this instant on."
  }),
  used_at: Schema.NullOr(Timestamp),
  url: Schema.String.annotations({ description: "The page the requester opens to confirm." })
}).annotations({ identifier: "Link" })
export type Link = typeof Link.Type
