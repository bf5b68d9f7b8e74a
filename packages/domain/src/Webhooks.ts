import { Schema } from "effect"
import type { HistoryEntry } from "./History.js"
import { LinkId, OrganizationId, RequestId } from "./Ids.js"
import { Limits, storable } from "./Limits.js"
import { Status } from "./Status.js"
import { Timestamp } from "./Timestamp.js"
import { UserRightId } from "./UserRights.js"

// Webhooks: an organisation's endpoints, the events they subscribe to, what an event says, and
// the rules a target address and a signing secret obey. Pure: the services store and deliver.

/** Every event a webhook endpoint can subscribe to. */
export const WebhookEventTypes = [
  "request.created",
  "request.status_changed",
  "request.verified",
  "link.confirmed",
  "request.extended",
  "request.overdue",
  "request.erased",
  "email.failed"
] as const

export const WebhookEventType = Schema.Literal(...WebhookEventTypes).annotations({
  identifier: "WebhookEventType",
  description: "What happened: `request.created`, `request.status_changed`, `request.verified`, `link.confirmed`, "
    + "`request.extended`, `request.overdue` (once per request, past its deadline and still open), `request.erased`, "
    + "`email.failed` (an email to the requester was given up on)."
})
export type WebhookEventType = typeof WebhookEventType.Type

export const WebhookEndpointId = storable(Schema.NonEmptyTrimmedString, Limits.id).pipe(
  Schema.brand("WebhookEndpointId")
).annotations({ identifier: "WebhookEndpointId", description: "Identifier of a webhook endpoint." })
export type WebhookEndpointId = typeof WebhookEndpointId.Type

/**
 * What an event says: ids and statuses only, never the requester's email, fields or metadata, so
 * that a receiver holds no personal data it did not ask for (it can read the request by its id).
 */
export const WebhookEventData = Schema.Struct({
  organization_id: OrganizationId,
  request_id: RequestId,
  user_right_id: UserRightId,
  status: Status,
  /** The status before the change, on `request.status_changed` (and `request.verified`, `link.confirmed`). */
  from_status: Schema.optionalWith(Status, { exact: true }),
  /** The request's response deadline, as it now is. */
  expires_at: Timestamp,
  /** The confirmed link, on `link.confirmed`. */
  link_id: Schema.optionalWith(LinkId, { exact: true })
}).annotations({ identifier: "WebhookEventData" })
export type WebhookEventData = typeof WebhookEventData.Type

/** The body of every webhook, in the Standard Webhooks payload shape (`type`, `timestamp`, `data`). */
export const WebhookPayload = Schema.Struct({
  type: WebhookEventType,
  /** When the event happened (not when it is delivered). */
  timestamp: Timestamp,
  data: WebhookEventData
}).annotations({ identifier: "WebhookPayload" })
export type WebhookPayload = typeof WebhookPayload.Type

/** Within the bounds of what a URL column holds. */
const MaxUrlLength = 2048

const TargetUrl = Schema.String.pipe(Schema.maxLength(MaxUrlLength)).annotations({
  description: "The absolute http(s) URL events are POSTed to; private and loopback addresses are refused "
    + "unless the server allows them (WEBHOOKS_ALLOW_PRIVATE_TARGETS)."
})

const EventTypes = Schema.Array(WebhookEventType).pipe(
  Schema.minItems(1),
  Schema.filter((types) => new Set(types).size === types.length || "must not repeat an event type")
).annotations({ description: "The events delivered to this endpoint (at least one, each once)." })

/** A webhook endpoint as the API shows it: never its secret, except when it is created or rotated. */
export const WebhookEndpoint = Schema.Struct({
  id: WebhookEndpointId,
  organization_id: OrganizationId,
  url: TargetUrl,
  event_types: EventTypes,
  description: Schema.NullOr(Schema.String),
  created_at: Timestamp,
  updated_at: Timestamp,
  /** Until then, the previous secret signs each delivery too (after a rotation); null outside an overlap. */
  previous_secret_expires_at: Schema.NullOr(Timestamp)
}).annotations({ identifier: "WebhookEndpoint" })
export type WebhookEndpoint = typeof WebhookEndpoint.Type

/** The Standard Webhooks secret format: `whsec_` and the base64 of the key. */
export const WebhookSecret = Schema.String.pipe(Schema.pattern(/^whsec_[A-Za-z0-9+/]+={0,2}$/)).annotations({
  identifier: "WebhookSecret",
  description: "The signing secret (`whsec_` and base64), shown only when the endpoint is created or its secret "
    + "rotated: give it to the receiver's Standard Webhooks verifier."
})

/** The endpoint with its signing secret: the answer to creating one and to rotating its secret. */
export const WebhookEndpointWithSecret = Schema.Struct({ ...WebhookEndpoint.fields, secret: WebhookSecret })
  .annotations({ identifier: "WebhookEndpointWithSecret" })
export type WebhookEndpointWithSecret = typeof WebhookEndpointWithSecret.Type

export const CreateWebhookEndpoint = Schema.Struct({
  url: TargetUrl,
  event_types: EventTypes,
  description: Schema.optionalWith(Schema.String.pipe(Schema.maxLength(500)), { exact: true })
}).annotations({ identifier: "CreateWebhookEndpoint" })
export type CreateWebhookEndpoint = typeof CreateWebhookEndpoint.Type

/** How long the previous secret keeps signing after a rotation, unless told: one day. */
export const DefaultSecretOverlapSeconds = 86_400
/** At most a week: receivers have had time to switch by then. */
export const MaxSecretOverlapSeconds = 604_800

export const RotateWebhookSecret = Schema.Struct({
  overlap_seconds: Schema.optionalWith(
    Schema.Int.pipe(Schema.between(0, MaxSecretOverlapSeconds)).annotations({
      description: `How long the previous secret keeps signing too, in seconds (0..${MaxSecretOverlapSeconds}, `
        + `default ${DefaultSecretOverlapSeconds}); 0 drops it at once.`
    }),
    { exact: true }
  )
}).annotations({ identifier: "RotateWebhookSecret" })
export type RotateWebhookSecret = typeof RotateWebhookSecret.Type

/**
 * Where a delivery stands: `pending` (attempts may have failed, another is due), `delivered` (a 2xx
 * answer), or `failed`: a dead letter after the bounded number of attempts, sent again only when
 * redelivered on demand.
 */
export const WebhookDeliveryState = Schema.Literal("pending", "delivered", "failed")
export type WebhookDeliveryState = typeof WebhookDeliveryState.Type

/** One event for one endpoint, as its delivery log shows it; `id` is the `webhook-id` every attempt carries. */
export const WebhookDelivery = Schema.Struct({
  id: Schema.String,
  endpoint_id: WebhookEndpointId,
  event_type: WebhookEventType,
  payload: WebhookPayload,
  state: WebhookDeliveryState,
  created_at: Timestamp,
  /** Attempts since it was queued, or since it was last redelivered on demand. */
  attempts: Schema.NonNegativeInt,
  last_attempt_at: Schema.NullOr(Timestamp),
  /** The HTTP status the receiver last answered, when it answered. */
  last_status: Schema.NullOr(Schema.Int),
  last_error: Schema.NullOr(Schema.String),
  delivered_at: Schema.NullOr(Timestamp),
  failed_at: Schema.NullOr(Timestamp)
}).annotations({ identifier: "WebhookDelivery" })
export type WebhookDelivery = typeof WebhookDelivery.Type

/** What a change to a request says about it, as the events it causes need it. */
export interface RequestChange {
  readonly action: HistoryEntry["action"]
  readonly request: {
    readonly id: RequestId
    readonly organization_id: OrganizationId
    readonly user_right_id: UserRightId
    readonly status: Status
    readonly expires_at: Date
  }
  readonly from_status: Status | null
  readonly actor: HistoryEntry["actor"]
  readonly at: Date
}

const payloadOf = (type: WebhookEventType, change: RequestChange, extra: Partial<WebhookEventData> = {}) =>
  ({
    type,
    timestamp: change.at,
    data: {
      organization_id: change.request.organization_id,
      request_id: change.request.id,
      user_right_id: change.request.user_right_id,
      status: change.request.status,
      expires_at: change.request.expires_at,
      ...extra
    }
  }) satisfies WebhookPayload

/** A change of status, with the events every change of status causes. */
const statusEvents = (change: RequestChange): ReadonlyArray<WebhookPayload> => {
  const from = change.from_status
  if (from === null || from === change.request.status) return []
  const changed = payloadOf("request.status_changed", change, { from_status: from })
  return change.request.status === "verified"
    ? [changed, payloadOf("request.verified", change, { from_status: from })]
    : [changed]
}

/** The events each history action causes; a record, so a new action cannot be left out. */
const eventsByAction: Record<HistoryEntry["action"], (change: RequestChange) => ReadonlyArray<WebhookPayload>> = {
  "request.create": (change) => [payloadOf("request.created", change)],
  "request.update": statusEvents,
  "link.confirm": (change) => [
    payloadOf("link.confirmed", change, {
      ...(change.from_status === null ? {} : { from_status: change.from_status }),
      ...(change.actor.type === "link" ? { link_id: change.actor.id } : {})
    }),
    ...statusEvents(change)
  ],
  "request.erase": (change) => [payloadOf("request.erased", change)],
  "request.extend": (change) => [payloadOf("request.extended", change)],
  "email.failed": (change) => [payloadOf("email.failed", change)],
  "email.retry": () => []
}

/**
 * The webhook events a recorded change causes, in the order they happened: a creation is
 * `request.created`; a change of status is `request.status_changed`, and `request.verified` too
 * when it reaches `verified`; a confirmed link is `link.confirmed` before the status events;
 * an erasure `request.erased`; an email given up `email.failed`. A change that moves no status
 * (metadata only, say) causes none.
 */
export const webhookEvents = (change: RequestChange): ReadonlyArray<WebhookPayload> =>
  eventsByAction[change.action](change)

/** The `request.overdue` event of a request found past its deadline (see `isOverdue`). */
export const overdueEvent = (request: RequestChange["request"], at: Date): WebhookPayload =>
  payloadOf("request.overdue", {
    action: "request.update",
    request,
    from_status: null,
    actor: { type: "system", id: "webhooks" },
    at
  })

/** Whether an endpoint subscribed to `type`. */
export const subscribes = (
  endpoint: { readonly event_types: ReadonlyArray<WebhookEventType> },
  type: WebhookEventType
) => endpoint.event_types.includes(type)

/** The secrets that sign a delivery at `now`: the current one, and the previous one during its overlap. */
export const signingSecrets = (
  secrets: {
    readonly secret: string
    readonly previous_secret: string | null
    readonly previous_secret_expires_at: Date | null
  },
  now: Date
): ReadonlyArray<string> =>
  secrets.previous_secret !== null && secrets.previous_secret_expires_at !== null
    && now.getTime() < secrets.previous_secret_expires_at.getTime()
    ? [secrets.secret, secrets.previous_secret]
    : [secrets.secret]

// Target addresses. A webhook makes the server send requests where an API caller says: to its own
// loopback, the cloud's metadata address or the private network behind it, that would be a way in
// (server-side request forgery). Such targets are refused unless the deployment allows them.

const ipv4Parts = (host: string): ReadonlyArray<number> | undefined => {
  const parts = host.split(".")
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return undefined
  const numbers = parts.map(Number)
  return numbers.every((n) => n <= 255) ? numbers : undefined
}

const privateIpv4 = ([a, b]: ReadonlyArray<number>): boolean =>
  a === 0 || a === 10 || a === 127 || (a === 100 && b! >= 64 && b! <= 127) || (a === 169 && b === 254)
  || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168) || (a === 198 && (b === 18 || b === 19))
  || a! >= 224

/** An IPv6 address as its eight 16-bit groups, or undefined when it is not one. */
const ipv6Groups = (host: string): ReadonlyArray<number> | undefined => {
  const address = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host
  if (!address.includes(":")) return undefined
  const withoutZone = address.split("%")[0]!
  // A trailing dotted IPv4 part counts as two groups.
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(withoutZone)
  let text = withoutZone
  if (dotted !== null) {
    const v4 = ipv4Parts(dotted[2]!)
    if (v4 === undefined) return undefined
    text = `${dotted[1]}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`
  }
  const halves = text.split("::")
  if (halves.length > 2) return undefined
  const groups = (part: string) => (part === "" ? [] : part.split(":"))
  const head = groups(halves[0]!)
  const tail = halves.length === 2 ? groups(halves[1]!) : []
  const missing = 8 - head.length - tail.length
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail]
  if (!all.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return undefined
  return all.map((group) => parseInt(group, 16))
}

const privateIpv6 = (groups: ReadonlyArray<number>): boolean => {
  const [first] = groups
  const zeros = (n: number) => groups.slice(0, n).every((group) => group === 0)
  // ::ffff:a.b.c.d and ::a.b.c.d carry an IPv4 address: judged as that address.
  if (zeros(5) && (groups[5] === 0xffff || groups[5] === 0)) {
    if (groups[5] === 0 && groups[6] === 0 && (groups[7] === 0 || groups[7] === 1)) return true
    return privateIpv4([groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff])
  }
  return (first! & 0xfe00) === 0xfc00 || (first! & 0xffc0) === 0xfe80 || (first! & 0xff00) === 0xff00
}

/**
 * Whether an IP address (v4 or v6, as a URL or the resolver writes it) is in a private, loopback,
 * link-local, shared, multicast or unspecified range: not a public internet host. Anything that
 * is not an address is not private (it is a name, to be resolved and judged then).
 */
export const isPrivateAddress = (address: string): boolean => {
  const v4 = ipv4Parts(address)
  if (v4 !== undefined) return privateIpv4(v4)
  const v6 = ipv6Groups(address)
  return v6 !== undefined && privateIpv6(v6)
}

/** Names that stand for this machine whatever the resolver says. */
const loopbackName = (host: string) => host === "localhost" || host.endsWith(".localhost")

/**
 * What is wrong with a webhook target, or undefined when it may be used: an absolute http(s) URL
 * without credentials, whose host is no private or loopback address unless `allowPrivate`. A
 * name is judged again on each delivery, by the address it resolves to.
 */
export const webhookTargetProblem = (url: string, options: { readonly allowPrivate: boolean }): string | undefined => {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return "must be an absolute URL"
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "must be an http or https URL"
  if (parsed.username !== "" || parsed.password !== "") return "must not carry credentials"
  if (options.allowPrivate) return undefined
  const host = parsed.hostname.toLowerCase()
  return loopbackName(host) || isPrivateAddress(host)
    ? "points to a private or loopback address, which this server does not allow"
    : undefined
}
