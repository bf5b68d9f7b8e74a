import { type DomainEffect, LinkId, type Organization, type Request } from "@dsar/domain"
import { Effect } from "effect"
import { IdGenerator, SecretHasher } from "../ports/Crypto.js"
import { Outbox, type OutboxMessage } from "../ports/Outbox.js"
import { LinksStore, type StoredLink } from "../ports/Stores.js"
import { Settings } from "../Settings.js"
import { StaleVersion } from "./Concurrency.js"

/** A link about to be stored: its row, and the URL that carries its token (never stored). */
export interface IssuedLink {
  readonly stored: StoredLink
  readonly url: string
}

/** Where the public link pages live: `/links/<token>`. */
export const LinkPagesPrefix = "/links/"

export const linkUrl = (publicBaseUrl: string, token: string) => `${publicBaseUrl.replace(/\/+$/, "")}${LinkPagesPrefix}${token}`

/** Generates the id, token and URL of the link an `IssueLink` effect asks for; writes nothing. */
export const prepareLink = (
  effect: Extract<DomainEffect, { _tag: "IssueLink" }>,
  context: { readonly organization: Organization; readonly request_id: Request["id"]; readonly now: Date }
) =>
  Effect.gen(function* () {
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

const email = (
  kind: OutboxMessage["kind"],
  request: Request,
  to: string,
  now: Date,
  variables: OutboxMessage["variables"]
) =>
  Effect.gen(function* () {
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

/** Stores an issued link and, when the effect says so, queues the email that carries it. */
export const writeLink = (
  issued: IssuedLink,
  mail: "approval" | "renewal" | "none",
  context: { readonly request: Request; readonly recipient: string | null; readonly now: Date }
) =>
  Effect.gen(function* () {
    const links = yield* LinksStore
    yield* links.insert(issued.stored)
    if (mail !== "none" && context.recipient !== null) {
      yield* email(mail, context.request, context.recipient, context.now, {
        link_id: issued.stored.id,
        url: issued.url,
        expires_at: issued.stored.expires_at.toISOString()
      })
    }
  })

/**
 * Performs a decision's effects inside the caller's transaction. A lost compare-and-set on a link
 * (another confirmation or renewal came first) fails it with `StaleVersion`, so the whole
 * transaction rolls back and the caller decides again on what is stored now. Returns the links it issued.
 */
export const runEffects = (
  effects: ReadonlyArray<DomainEffect>,
  context: {
    readonly organization: Organization
    readonly request: Request
    readonly recipient: string | null
    readonly now: Date
  }
) =>
  Effect.forEach(effects, (effect) =>
    Effect.gen(function* () {
      const links = yield* LinksStore
      switch (effect._tag) {
        case "IssueLink": {
          const issued = yield* prepareLink(effect, { ...context, request_id: context.request.id })
          yield* writeLink(issued, effect.email, context)
          return [issued]
        }
        case "SendStatusNotice":
          if (context.recipient !== null) {
            yield* email("status_notice", context.request, context.recipient, context.now, {
              status: effect.status,
              extra_message_variables: effect.extra_message_variables
            })
          }
          return []
        case "ConsumeLink":
          if (!(yield* links.markUsed(effect.link_id, context.now))) return yield* Effect.fail(new StaleVersion())
          return []
        case "MarkLinkRenewed":
          if (!(yield* links.markRenewed(effect.link_id, context.now))) return yield* Effect.fail(new StaleVersion())
          return []
      }
    })
  ).pipe(Effect.map((issued) => issued.flat()))
