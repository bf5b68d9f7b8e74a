import { Either } from "effect"
import {
  type Decision,
  type DomainEffect,
  type ExistingRequestCommand,
  LifecycleCommand,
  type LinkRecord,
  type RequestState
} from "../Decide.js"
import type { DomainError } from "../Errors.js"
import { LinkId, RequestId } from "../Ids.js"
import type { Status } from "../lifecycle.js"
import type { Decider, LifecycleImplementation } from "./Implementation.js"

export interface StoredLink extends LinkRecord {
  readonly created_at: Date
}

export interface Snapshot {
  readonly state: RequestState
  readonly links: ReadonlyArray<StoredLink>
  readonly now: Date
}

/** One thing that happened to the request, with the world before and after it. */
export interface Step {
  readonly label: string
  readonly before: Snapshot
  readonly after: Snapshot
  readonly result: Either.Either<Decision, DomainError> | "clock"
}

export const DEFAULT_REDIRECT = "https://example.org/thanks"

// A copy, not the object itself: an implementation that mutates the state it was given shows in the log.
const copyOf = (state: RequestState): RequestState => JSON.parse(JSON.stringify(state))

/**
 * The system under test: a request driven only through an implementation's `decide`, whose
 * effects are applied the way a service would apply them. Everything it does is logged for the
 * invariants to read.
 */
export class Simulation {
  state: RequestState
  links: Array<StoredLink> = []
  now: Date
  readonly log: Array<Step> = []
  readonly created: Either.Either<Decision, DomainError>
  private readonly decide: Decider
  private readonly decodePatchRequest: LifecycleImplementation["decodePatchRequest"]
  private linkCount = 0

  constructor(implementation: LifecycleImplementation & { readonly decide: Decider }, status: Status, now: Date) {
    this.decide = (state, command, at) => implementation.decide(state, command, at)
    this.decodePatchRequest = implementation.decodePatchRequest?.bind(implementation)
    this.now = now
    const initial: RequestState = {
      id: RequestId.make("req-1"),
      status,
      metadata: {},
      extra_message_variables: {}
    }
    this.created = this.decide(
      null,
      LifecycleCommand.Create({ request: initial, requester_email: "requester@example.org" }),
      now
    )
    this.state = Either.isRight(this.created) ? this.created.right.state : initial
    if (Either.isRight(this.created)) this.applyEffects(this.created.right.effects)
  }

  snapshot(): Snapshot {
    return { state: copyOf(this.state), links: this.links.map((link) => ({ ...link })), now: this.now }
  }

  link(pick: number): StoredLink | undefined {
    return this.links[pick % this.links.length]
  }

  dispatch(label: string, command: ExistingRequestCommand): Either.Either<Decision, DomainError> {
    return this.record(label, () => this.decide(this.state, command, this.now))
  }

  /** A raw PATCH body, decoded as the HTTP layer would before deciding. */
  patchBody(label: string, body: unknown): Either.Either<Decision, DomainError> {
    const decode = this.decodePatchRequest
    if (decode === undefined) throw new TypeError("patchBody needs the implementation's decodePatchRequest")
    return this.record(
      label,
      () =>
        Either.flatMap(decode(body), (patch) => this.decide(this.state, LifecycleCommand.Patch({ patch }), this.now))
    )
  }

  advance(ms: number): void {
    const before = this.snapshot()
    this.now = new Date(this.now.getTime() + ms)
    this.log.push({ label: `advance ${ms}ms`, before, after: this.snapshot(), result: "clock" })
  }

  private record(label: string, run: () => Either.Either<Decision, DomainError>) {
    const before = this.snapshot()
    const result = run()
    if (Either.isRight(result)) {
      this.state = result.right.state
      this.applyEffects(result.right.effects)
    }
    this.log.push({ label, before, after: this.snapshot(), result })
    return result
  }

  private applyEffects(effects: ReadonlyArray<DomainEffect>) {
    for (const effect of effects) {
      switch (effect._tag) {
        case "IssueLink":
          this.links.push({
            id: LinkId.make(`link-${++this.linkCount}`),
            created_at: this.now,
            event: { status: effect.status, request_id: this.state.id },
            redirect_url: effect.redirect_url ?? DEFAULT_REDIRECT,
            lifetime: effect.lifetime,
            expires_at: effect.expires_at,
            used_at: null,
            renewed_at: null
          })
          break
        case "ConsumeLink":
          this.links = this.links.map((link) => (link.id === effect.link_id ? { ...link, used_at: this.now } : link))
          break
        case "MarkLinkRenewed":
          this.links = this.links.map((link) => (link.id === effect.link_id ? { ...link, renewed_at: this.now } : link))
          break
        case "SendStatusNotice":
          break
      }
    }
  }
}

export const effectsOf = (step: Step): ReadonlyArray<DomainEffect> =>
  step.result !== "clock" && Either.isRight(step.result) ? step.result.right.effects : []

export const refused = (step: Step): boolean => step.result !== "clock" && Either.isLeft(step.result)

/** The statuses the request went through, its first included. */
export const statusesOver = (real: Simulation): ReadonlyArray<Status> => [
  real.log[0]?.before.state.status ?? real.state.status,
  ...real.log.map((step) => step.after.state.status)
]

export const changesOf = (step: Step): ReadonlyArray<readonly [Status, Status]> =>
  step.before.state.status === step.after.state.status ? [] : [[step.before.state.status, step.after.state.status]]
