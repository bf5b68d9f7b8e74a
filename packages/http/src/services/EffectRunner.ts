import { asksReceiptConfirmation, type DomainEffect, LinkId, type Organization, type Request } from "@dsar/domain"
import { Effect } from "effect"
import { linkUrl } from "../LinkUrl.js"
import { IdGenerator, SecretHasher } from "../ports/Crypto.js"
import { Outbox, type OutboxMessage } from "../ports/Outbox.js"
import { LinksStore, type StoredLink } from "../ports/Stores.js"
import { Settings } from "../Settings.js"
import { StaleVersion } from "./Concurrency.js"

/** A link an `IssueLink` effect asks for: its row, and the URL that carries its token (never stored). */
export interface IssuedLink {
  readonly stored: StoredLink
  readonly url: string
}

type IssueLink = Extract<DomainEffect, { _tag: "IssueLink" }>

type PreparedEffect =
  | { readonly effect: IssueLink; readonly issued: IssuedLink }
  | { readonly effect: Exclude<DomainEffect, IssueLink> }

/** A decision's effects, each link they issue already given its id, token and URL; nothing written yet. */
export type PreparedEffects = ReadonlyArray<PreparedEffect>

/** The links prepared effects issue, in order. */
export const issuedLinks = (prepared: PreparedEffects): ReadonlyArray<IssuedLink> =>
  prepared.flatMap((item) => ("issued" in item ? [item.issued] : []))

const mintLink = (
  effect: IssueLink,
  context: { readonly organization: Organization; readonly request_id: Request["id"]; readonly now: Date }
) =>
  Effect.gen(function*() {
    const ids = yield* IdGenerator
    const hasher = yield* SecretHasher
    const settings = yield* Settings
    const token = yield* ids.token
    const stored: StoredLink = {
      id: LinkId.make(yield* ids.make("lnk")),
      created_at: context.now,
      updated_at: context.now,
      organization_id: context.organization.id,
      action: "request.update",
      event: { status: effect.status, request_id: context.request_id },
      redirect_url: effect.redirect_url ?? context.organization.default_redirect_url,
      lifetime: effect.lifetime,
      expires_at: effect.expires_at,
      used_at: null,
      renewed_at: null,
      token_hash: hasher.digest(token)
    }
    return { stored, url: linkUrl(settings.publicBaseUrl, token) } satisfies IssuedLink
  })

/**
 * Generates what a decision's effects need before anything is written: the id, token and URL of
 * every link they issue. A new request's approval URL is part of the request itself, so its
 * creation reads the URL here, before it writes the request.
 */
export const prepareEffects = (
  effects: ReadonlyArray<DomainEffect>,
  context: { readonly organization: Organization; readonly request_id: Request["id"]; readonly now: Date }
): Effect.Effect<PreparedEffects, never, IdGenerator | SecretHasher | Settings> =>
  Effect.forEach(
    effects,
    (effect): Effect.Effect<PreparedEffect, never, IdGenerator | SecretHasher | Settings> =>
      effect._tag === "IssueLink"
        ? Effect.map(mintLink(effect, context), (issued) => ({ effect, issued }))
        : Effect.succeed({ effect })
  )

/** Queues one email to the requester in the caller's transaction. */
export const queueEmail = (
  kind: OutboxMessage["kind"],
  request: Request,
  to: string,
  now: Date,
  variables: OutboxMessage["variables"]
) =>
  Effect.gen(function*() {
    const ids = yield* IdGenerator
    const outbox = yield* Outbox
    yield* outbox.enqueue({
      id: yield* ids.make("msg"),
      organization_id: request.organization_id,
      request_id: request.id,
      kind,
      to,
      created_at: now,
      variables
    })
  })

/**
 * Performs prepared effects inside the caller's transaction: stores the links (queuing the email
 * that carries one when its effect says so), queues notices, consumes and renews links. A lost
 * compare-and-set on a link (another confirmation or renewal came first) fails it with
 * `StaleVersion`, so the whole transaction rolls back and the caller decides again on what is
 * stored now. Returns the links it issued.
 */
export const runEffects = (
  prepared: PreparedEffects,
  context: { readonly request: Request; readonly recipient: string | null; readonly now: Date }
) =>
  Effect.gen(function*() {
    const links = yield* LinksStore
    for (const item of prepared) {
      if ("issued" in item) {
        const { effect, issued } = item
        yield* links.insert(issued.stored)
        if (effect.email !== "none" && context.recipient !== null) {
          yield* queueEmail(effect.email, context.request, context.recipient, context.now, {
            link_id: issued.stored.id,
            url: issued.url,
            expires_at: issued.stored.expires_at.toISOString(),
            ...(effect.closes_at === undefined ? {} : { closes_at: effect.closes_at.toISOString() })
          })
        }
        continue
      }
      const effect = item.effect
      switch (effect._tag) {
        case "SendStatusNotice":
          if (context.recipient !== null) {
            yield* queueEmail("status_notice", context.request, context.recipient, context.now, {
              status: effect.status,
              extra_message_variables: effect.extra_message_variables,
              ...(effect.refusal === null
                ? {}
                : { refusal: effect.refusal, regulation_id: context.request.regulation_id })
            })
          }
          break
        case "ConfirmReceipt":
          if (context.recipient !== null && asksReceiptConfirmation(context.request.user_right_id)) {
            yield* queueEmail("receipt", context.request, context.recipient, context.now, {})
          }
          break
        case "ConsumeLink":
          if (!(yield* links.markUsed(effect.link_id, context.now))) return yield* Effect.fail(new StaleVersion())
          break
        case "MarkLinkRenewed":
          if (!(yield* links.markRenewed(effect.link_id, context.now))) return yield* Effect.fail(new StaleVersion())
          break
      }
    }
    return issuedLinks(prepared)
  })

/** Prepares a decision's effects and performs them, inside the caller's transaction; returns the links issued. */
export const performEffects = (
  effects: ReadonlyArray<DomainEffect>,
  context: {
    readonly organization: Organization
    readonly request: Request
    readonly recipient: string | null
    readonly now: Date
  }
) =>
  Effect.flatMap(
    prepareEffects(effects, { ...context, request_id: context.request.id }),
    (prepared) => runEffects(prepared, context)
  )
