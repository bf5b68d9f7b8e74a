import {
  allowedTargets,
  type CreateLink,
  decide,
  type DomainError,
  type Language,
  LifecycleCommand,
  type Link,
  type OrganizationId,
  type OrganizationSettings,
  recipientOf,
  redirectAllowed,
  type RequestId,
  requestState,
  type Status,
  translate,
  userRight
} from "@dsar/domain"
import { Data, Effect, Either, Option } from "effect"
import { BadRequest, fromDomainError } from "../ApiErrors.js"
import type { IdGenerator } from "../ports/Crypto.js"
import { SecretHasher } from "../ports/Crypto.js"
import type { Outbox } from "../ports/Outbox.js"
import type { HistoryStore } from "../ports/Stores.js"
import { LinksStore, OrganizationsStore, RequestsStore, Transactor } from "../ports/Stores.js"
import type { WebhooksStore } from "../ports/Webhooks.js"
import type { Settings } from "../Settings.js"
import { currentDate } from "../Time.js"
import { applyDecision } from "./ApplyDecision.js"
import { transactWithRetry } from "./Concurrency.js"
import { type IssuedLink, performEffects } from "./EffectRunner.js"
import { OrganizationsService } from "./Organizations.js"
import { RequestsService } from "./Requests.js"

export const linkResource = ({ stored, url }: IssuedLink): Link => {
  const { token_hash: _hash, renewed_at: _renewed, ...link } = stored
  return { ...link, url }
}

/**
 * Who a page of a known link speaks for, and in which language: the organisation's display name,
 * its settings (logo, colours), and the request's language.
 */
export interface PageVoice {
  readonly organization: string
  readonly settings: OrganizationSettings
  readonly language: Language
}

/**
 * What a public link page shows after the link was opened (GET) or confirmed (POST). Every page
 * of a known link names the organisation, in its colours and the request's language (`PageVoice`).
 */
export type LinkPage = Data.TaggedEnum<{
  /** No link has this token (or its request is gone). */
  NotFound: {}
  /** The link is active and confirming it would apply its event: the confirmation page. */
  Confirm: PageVoice & {
    readonly request: {
      readonly id: RequestId
      /** The right exercised, as the requester reads it (e.g. "Access my data"). */
      readonly right: string
      readonly status: Status
      readonly created_at: Date
    }
    /** The status confirming moves the request to. */
    readonly status: Status
    readonly expires_at: Date
    readonly redirect_url: string
  }
  /** The link's event holds: on to `redirect_url`. `already`: it held before this visit (a second confirmation). */
  Applied: PageVoice & { readonly redirect_url: string; readonly already: boolean }
  /**
   * The link expired while its event can still be applied: a fresh link was issued, by this visit
   * (`sent: "now"`) or by an earlier one (links are renewed once). `emailed`: the request has an
   * address the fresh link goes to.
   */
  Renewed: PageVoice & {
    readonly expired_at: Date
    readonly sent: "now" | "earlier"
    readonly emailed: boolean
  }
  /** The link was used already, and the request has moved on since. */
  Used: PageVoice
  /** The request's current status does not allow the link's event (it changed since the link was made). */
  Refused: PageVoice & {
    readonly from: Status
    readonly to: Status
    readonly allowed: ReadonlyArray<Status>
  }
  /** Other changes to the request kept landing first; trying again will do. */
  Busy: {}
}>
export const LinkPage = Data.taggedEnum<LinkPage>()

/** Whether a token could be one we issued: RFC 3986 unreserved characters, a sane length. */
const wellFormed = (token: string) => /^[A-Za-z0-9._~-]{16,256}$/.test(token)

export class LinksService extends Effect.Service<LinksService>()("@dsar/http/LinksService", {
  effect: Effect.gen(function*() {
    const requests = yield* RequestsService
    const organizations = yield* OrganizationsService
    const transactor = yield* Transactor
    const links = yield* LinksStore
    const requestsStore = yield* RequestsStore
    const organizationsStore = yield* OrganizationsStore
    const hasher = yield* SecretHasher
    // What carrying out a visit's decision needs (stores, ids, the outbox, settings), captured here
    // so that `open` and `confirm` need nothing from their caller: the public pages call them.
    const ports = yield* Effect.context<
      | LinksStore
      | RequestsStore
      | HistoryStore
      | Transactor
      | Outbox
      | WebhooksStore
      | IdGenerator
      | SecretHasher
      | Settings
    >()

    const create = (organization_id: OrganizationId, input: CreateLink) =>
      Effect.gen(function*() {
        const organization = yield* organizations.get(organization_id)
        if (!redirectAllowed(organization, input.redirect_url)) {
          return yield* Effect.fail(
            new BadRequest({
              message: `redirect_url must point to one of: ${organization.redirect_domains.join(", ")}`,
              errors: [{ path: "redirect_url", message: "is not on a domain this organisation allows" }]
            })
          )
        }
        const request = (yield* requests.find(organization_id, input.event.request_id, "event.request_id")).value
        const at = yield* currentDate
        const decision = yield* Either.mapLeft(
          decide(requestState(request), LifecycleCommand.CreateLink({ input }), at),
          fromDomainError
        )
        // The link's email is the caller's to send: it carries none, so no recipient is looked up.
        const [issued] = yield* transactor.withTransaction(
          performEffects(decision.effects, { organization, request, recipient: null, now: at })
        ).pipe(
          // Only consuming or renewing a link can lose a compare-and-set; creating one does neither.
          Effect.catchTag("StaleVersion", (error) => Effect.die(error))
        )
        if (issued === undefined) return yield* Effect.dieMessage("CreateLink decided no link")
        return linkResource(issued)
      })

    /**
     * Opens (GET) or confirms (POST) the link `token` grants: the lifecycle decides, and what it
     * decides is carried out in one transaction (compare-and-set on the request and on the link,
     * history by the link, fresh link and its email), decided again on what is stored now when
     * another visit or change came first. The token is the only authorisation: it names one link,
     * of one organisation, for one request.
     */
    const visit = (mode: "open" | "confirm", token: string): Effect.Effect<LinkPage> =>
      transactWithRetry(
        Effect.gen(function*() {
          if (!wellFormed(token)) return LinkPage.NotFound()
          const found = yield* links.findByTokenHash(hasher.digest(token))
          if (Option.isNone(found)) return LinkPage.NotFound()
          const link = found.value
          const organization = yield* organizationsStore.findById(link.organization_id)
          // The request is looked up in the link's organisation only.
          const stored = yield* requestsStore.findById(link.organization_id, link.event.request_id)
          if (Option.isNone(organization) || Option.isNone(stored)) return LinkPage.NotFound()
          const org = organization.value
          const request = stored.value.value
          const at = yield* currentDate
          const command = mode === "open" ? LifecycleCommand.OpenLink({ link }) : LifecycleCommand.ConfirmLink({ link })
          const decided = decide(requestState(request), command, at)
          const voice: PageVoice = {
            organization: org.name,
            settings: org.settings,
            language: request.language ?? org.settings.default_language
          }
          if (Either.isLeft(decided)) return yield* refusal(decided.left, voice)
          const decision = decided.right
          if (decision.changes.length > 0 || decision.effects.length > 0) {
            yield* applyDecision({
              organization: org,
              stored: stored.value,
              decision,
              actor: { type: "link", id: link.id },
              action: "link.confirm",
              at
            })
          }
          switch (decision.link) {
            case "pending":
              return LinkPage.Confirm({
                ...voice,
                request: {
                  id: request.id,
                  right: translate(userRight(request.user_right_id).label, voice.language),
                  status: request.status,
                  created_at: request.created_at
                },
                status: link.event.status,
                expires_at: link.expires_at,
                redirect_url: link.redirect_url
              })
            case "applied":
            case "already_applied":
              return LinkPage.Applied({
                ...voice,
                redirect_url: link.redirect_url,
                already: decision.link === "already_applied"
              })
            case "renewed":
            case "renewal_sent":
              return LinkPage.Renewed({
                ...voice,
                expired_at: link.expires_at,
                sent: decision.link === "renewed" ? "now" : "earlier",
                emailed: recipientOf(request) !== null
              })
            case "used":
              return LinkPage.Used(voice)
            default:
              return yield* Effect.dieMessage(`${mode} of a link decided no page`)
          }
        })
      ).pipe(
        Effect.catchTag("Conflict", () => Effect.succeed(LinkPage.Busy())),
        Effect.provide(ports)
      )

    return {
      create,
      /** The page a GET shows: changes nothing, unless the link expired (then a fresh link is issued, once). */
      open: (token: string) => visit("open", token),
      /** The page a POST shows: applies the link's event when the lifecycle allows it. */
      confirm: (token: string) => visit("confirm", token)
    } as const
  })
}) {}

/** A refusal from the lifecycle, as a page; only link, transition and refusal-reason refusals can reach a link. */
const refusal = (error: DomainError, voice: PageVoice) => {
  switch (error._tag) {
    case "InvalidTransition":
      return Effect.succeed(LinkPage.Refused({ ...voice, from: error.from, to: error.to, allowed: error.allowed }))
    case "LinkUsed":
      return Effect.succeed(LinkPage.Used(voice))
    // A link made before refusals needed a reason: it can no longer refuse.
    case "MissingRefusalReason":
      return Effect.succeed(
        LinkPage.Refused({ ...voice, from: error.from, to: "refused", allowed: allowedTargets(error.from) })
      )
    default:
      return Effect.die(error)
  }
}
