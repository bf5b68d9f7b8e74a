import { Data, Either } from "effect"
import { initialTransition, transition } from "xstate"
import { type EditableField, EditableFields } from "./EditableFields.js"
import {
  type DomainError,
  InvalidTransition,
  LinkUsed,
  MissingRefusalReason,
  MissingRequesterEmail,
  UnexpectedRefusal
} from "./Errors.js"
import type { ExtraMessageVariables } from "./ExtraMessageVariables.js"
import type { LinkId } from "./Ids.js"
import { dataEqual } from "./Json.js"
import { allowedTargets, mayTransition } from "./lifecycle.js"
import { LifecycleActions, lifecycleMachine } from "./LifecycleMachine.js"
import type { CreateLink, LinkEvent } from "./Link.js"
import { LinkLifetimeBounds } from "./Link.js"
import { type LinkClock, linkExpiresAt, linkState } from "./LinkState.js"
import type { PatchRequest } from "./PatchRequest.js"
import type { Refusal } from "./Refusal.js"
import type { Request } from "./Request.js"
import type { Status } from "./Status.js"

/** What the lifecycle needs to know of a request: its id and the properties an event may change. */
export interface RequestState extends Pick<Request, "id" | EditableField> {}

/** The lifecycle's view of a stored request. */
export const requestState = (request: RequestState): RequestState => ({
  id: request.id,
  status: request.status,
  metadata: request.metadata,
  extra_message_variables: request.extra_message_variables,
  ...(request.refusal === undefined ? {} : { refusal: request.refusal })
})

/** A stored link as the lifecycle sees it. */
export interface LinkRecord extends LinkClock {
  readonly id: LinkId
  readonly event: LinkEvent
  readonly redirect_url: string
  readonly lifetime: number
  /** When opening it after expiry sent a fresh link; a link is renewed once, so reloads send no more mail. */
  readonly renewed_at: Date | null
}

export type LifecycleCommand = Data.TaggedEnum<{
  /** Start a new request in `request.status`; `requester_email` is where its emails go, if anywhere. */
  Create: { readonly request: RequestState; readonly requester_email: string | null }
  /** Apply a decoded PATCH body. */
  Patch: { readonly patch: PatchRequest }
  /** Create a link whose confirmation will apply `input.event`. */
  CreateLink: { readonly input: CreateLink }
  /** The requester opened a link's page (a GET: changes nothing unless the link expired). */
  OpenLink: { readonly link: LinkRecord }
  /** The requester confirmed a link (a POST). */
  ConfirmLink: { readonly link: LinkRecord }
  /**
   * Remind the requester of a request still unverified, with a fresh approval link; `closes_at`:
   * when it is closed if they do not confirm (`Unverified.ts` says when a reminder is due).
   */
  Remind: { readonly closes_at: Date }
}>
export const LifecycleCommand = Data.taggedEnum<LifecycleCommand>()
export type ExistingRequestCommand = Exclude<LifecycleCommand, { readonly _tag: "Create" }>

/** Side effects for the caller to perform, in the same transaction as the new state. */
export type DomainEffect = Data.TaggedEnum<{
  /** Store a new link for `status`; `email` says which email, if any, carries it to the requester. */
  IssueLink: {
    readonly status: Status
    readonly lifetime: number
    readonly expires_at: Date
    /** `null`: the organisation's default redirect URL. */
    readonly redirect_url: string | null
    readonly email: "approval" | "renewal" | "reminder" | "none"
    /** For a reminder: when the request is closed unless it is confirmed. */
    readonly closes_at?: Date
  }
  /** Tell the requester their request reached `status` (and, when it is refused, why). */
  SendStatusNotice: {
    readonly status: Status
    readonly extra_message_variables: ExtraMessageVariables
    readonly refusal: Refusal | null
  }
  /**
   * Tell the requester their request was received and by when it will be answered, where its
   * right's law asks receipt to be confirmed (`receipt` of the rights catalogue).
   */
  ConfirmReceipt: {}
  /** Mark a link used, so it is never applied again. */
  ConsumeLink: { readonly link_id: LinkId }
  /** Mark an expired link as renewed, so opening it again sends no further link. */
  MarkLinkRenewed: { readonly link_id: LinkId }
}>
export const DomainEffect = Data.taggedEnum<DomainEffect>()

/** One editable field's change; a status is `null` before the request exists, a refusal before it is refused. */
export type Change = {
  readonly [F in EditableField]: {
    readonly field: F
    readonly from: F extends "status" | "refusal" ? NonNullable<RequestState[F]> | null : RequestState[F]
    readonly to: NonNullable<RequestState[F]>
  }
}[EditableField]

/**
 * How a link page should read after the decision. `pending`: the link is active and confirming it
 * would apply its event (when it would not, opening is refused as confirming would be).
 * `renewed`: the link had expired and a fresh one goes out with this decision; `renewal_sent`: it
 * had expired and a fresh one went out earlier (a link is renewed once).
 */
export type LinkOutcome = "pending" | "renewed" | "renewal_sent" | "used" | "already_applied" | "applied"

export interface Decision {
  readonly state: RequestState
  readonly changes: ReadonlyArray<Change>
  readonly effects: ReadonlyArray<DomainEffect>
  readonly link?: LinkOutcome
}

type Decided = Either.Either<Decision, DomainError>

const statusEvent = (to: Status) => ({ type: `status.${to}` }) as const

/** A link to confirm the request (to `verified`), for the default lifetime and redirect. */
const approvalLink = (now: Date, email: "approval" | "reminder", closes_at?: Date) =>
  DomainEffect.IssueLink({
    status: "verified",
    lifetime: LinkLifetimeBounds.default,
    expires_at: linkExpiresAt(now, LinkLifetimeBounds.default),
    redirect_url: null,
    email,
    ...(closes_at === undefined ? {} : { closes_at })
  })

const effectsOf = (
  actions: ReadonlyArray<{ readonly type: string }>,
  state: RequestState,
  now: Date
): ReadonlyArray<DomainEffect> =>
  actions.flatMap((action): ReadonlyArray<DomainEffect> => {
    switch (action.type) {
      case LifecycleActions.issueApprovalLink:
        return [approvalLink(now, "approval")]
      case LifecycleActions.confirmReceipt:
        return [DomainEffect.ConfirmReceipt()]
      case LifecycleActions.sendStatusNotice:
        return [
          DomainEffect.SendStatusNotice({
            status: state.status,
            extra_message_variables: state.extra_message_variables,
            refusal: state.status === "refused" ? state.refusal ?? null : null
          })
        ]
      default:
        return []
    }
  })

/**
 * Runs `status.<to>` through the machine, a refusal with its reason (`by` says who asked: a
 * link carries none): the new status and its effects, or why it is refused.
 */
const changeStatus = (
  state: RequestState,
  to: Status,
  now: Date,
  refusal: { readonly given: Refusal | null; readonly by: "patch" | "link" } = { given: null, by: "link" }
): Either.Either<
  { state: RequestState; changes: ReadonlyArray<Change>; effects: ReadonlyArray<DomainEffect> },
  InvalidTransition | MissingRefusalReason
> => {
  if (to === state.status) return Either.right({ state, changes: [], effects: [] })
  const [next, actions] = transition(
    lifecycleMachine,
    lifecycleMachine.resolveState({ value: state.status }),
    { ...statusEvent(to), refusal: refusal.given }
  )
  if (next.value !== to) {
    // The table allows the change, so the machine's guard held it back: a refusal needs its reason.
    return Either.left(
      mayTransition(state.status, to)
        ? new MissingRefusalReason({ from: state.status, by: refusal.by })
        : new InvalidTransition({ from: state.status, to, allowed: allowedTargets(state.status) })
    )
  }
  const given = to === "refused" ? refusal.given : null
  const changed = given === null ? { ...state, status: to } : { ...state, status: to, refusal: given }
  return Either.right({
    state: changed,
    changes: [
      { field: "status", from: state.status, to },
      ...(given === null ? [] : [{ field: "refusal" as const, from: state.refusal ?? null, to: given }])
    ],
    effects: effectsOf(actions, changed, now)
  })
}

const create = (request: RequestState, requesterEmail: string | null, now: Date): Decided => {
  // Identity is confirmed by email: without an address the approval workflow could never finish.
  if (request.status === "unverified" && requesterEmail === null) return Either.left(new MissingRequesterEmail())
  const [initial] = initialTransition(lifecycleMachine)
  const [, actions] = transition(lifecycleMachine, initial, { type: `create.${request.status}` })
  return Either.right({
    state: request,
    changes: [{ field: "status", from: null, to: request.status }],
    effects: effectsOf(actions, request, now)
  })
}

const patch = (state: RequestState, body: PatchRequest, now: Date): Decided => {
  const target = body.status ?? state.status
  // A refusal's reason comes with the move to `refused`. On a request refused already, the PATCH
  // is a no-op like any other to the current status: the reason stays the one the requester was told.
  if (body.refusal !== undefined && target !== "refused") return Either.left(new UnexpectedRefusal({ status: target }))
  const changes: Array<Change> = []
  let next = state
  for (const field of EditableFields) {
    const to = body[field]
    // The status (and the refusal, which comes with it) go through the lifecycle below, once every other field is applied.
    if (field === "status" || field === "refusal" || to === undefined || dataEqual(to, state[field])) continue
    changes.push({ field, from: state[field], to } as Change)
    next = { ...next, [field]: to }
  }
  // Variables are applied first so that a notice sent by this very change carries them.
  return Either.map(changeStatus(next, target, now, { given: body.refusal ?? null, by: "patch" }), (changed) => ({
    state: changed.state,
    changes: [...changes, ...changed.changes],
    effects: changed.effects
  }))
}

/** The lifecycle is checked when a link is created, and again when it is confirmed. */
const createLink = (state: RequestState, input: CreateLink, now: Date): Decided =>
  Either.map(changeStatus(state, input.event.status, now), () => ({
    state,
    changes: [],
    effects: [
      DomainEffect.IssueLink({
        status: input.event.status,
        lifetime: input.lifetime,
        expires_at: linkExpiresAt(now, input.lifetime),
        redirect_url: input.redirect_url,
        email: "none"
      })
    ]
  }))

const unchanged = (state: RequestState, link: LinkOutcome): Decision => ({ state, changes: [], effects: [], link })

/** Only a request still waiting for its requester's confirmation is reminded of it. */
const remind = (state: RequestState, closes_at: Date, now: Date): Decided =>
  Either.right({
    state,
    changes: [],
    effects: state.status === "unverified" ? [approvalLink(now, "reminder", closes_at)] : []
  })

/**
 * An expired link whose event can still be applied is renewed, once: a fresh link for the same
 * event goes out by email, whether the requester opened or confirmed the old one, rather than a
 * dead end telling them to go back to their mailbox.
 */
const renewLink = (state: RequestState, link: LinkRecord, now: Date): Decided => {
  if (state.status === link.event.status) return Either.right(unchanged(state, "already_applied"))
  // A fresh link is only worth sending while its event can still be applied.
  return Either.map(changeStatus(state, link.event.status, now), () =>
    link.renewed_at !== null
      ? unchanged(state, "renewal_sent")
      : {
        state,
        changes: [],
        effects: [
          DomainEffect.IssueLink({
            status: link.event.status,
            lifetime: link.lifetime,
            expires_at: linkExpiresAt(now, link.lifetime),
            redirect_url: link.redirect_url,
            email: "renewal"
          }),
          DomainEffect.MarkLinkRenewed({ link_id: link.id })
        ],
        link: "renewed" as const
      })
}

const openLink = (state: RequestState, link: LinkRecord, now: Date): Decided => {
  switch (linkState(link, now)) {
    case "active":
      // Opening changes nothing, but refuses what confirming would refuse: the page offers only what confirming does.
      return Either.map(changeStatus(state, link.event.status, now), () => unchanged(state, "pending"))
    case "used":
      return Either.right(unchanged(state, state.status === link.event.status ? "already_applied" : "used"))
    case "expired":
      return renewLink(state, link, now)
  }
}

const confirmLink = (state: RequestState, link: LinkRecord, now: Date): Decided => {
  switch (linkState(link, now)) {
    case "used":
      return state.status === link.event.status
        ? Either.right(unchanged(state, "already_applied"))
        : Either.left(new LinkUsed({ link_id: link.id }))
    case "expired":
      return renewLink(state, link, now)
    case "active":
      return Either.map(changeStatus(state, link.event.status, now), (changed) => ({
        ...changed,
        effects: [DomainEffect.ConsumeLink({ link_id: link.id }), ...changed.effects],
        link: "applied" as const
      }))
  }
}

/**
 * The stored request after a decision: its decided fields, and `updated_at` set to `now`, when the
 * decision changes anything; the very same request when it changes nothing.
 */
export const nextRequest = <R extends RequestState & { readonly updated_at: Date }>(
  request: R,
  decision: Decision,
  now: Date
): R => (decision.changes.length === 0 ? request : { ...request, ...requestState(decision.state), updated_at: now })

/**
 * The functional core: given the request's current state (none before creation), a command and
 * the current time, either the next state with its changes and the effects to perform, or the
 * domain error that refuses the command. A refusal never carries a changed state.
 */
export function decide(state: null, command: Extract<LifecycleCommand, { _tag: "Create" }>, now: Date): Decided
export function decide(state: RequestState, command: ExistingRequestCommand, now: Date): Decided
export function decide(state: RequestState | null, command: LifecycleCommand, now: Date): Decided {
  if (command._tag === "Create") return create(command.request, command.requester_email, now)
  if (state === null) throw new TypeError(`${command._tag} needs the request's current state`)
  switch (command._tag) {
    case "Patch":
      return patch(state, command.patch, now)
    case "CreateLink":
      return createLink(state, command.input, now)
    case "OpenLink":
      return openLink(state, command.link, now)
    case "ConfirmLink":
      return confirmLink(state, command.link, now)
    case "Remind":
      return remind(state, command.closes_at, now)
  }
}
