import { Either } from "effect"
import {
  decide,
  decodePatchRequest,
  LifecycleCommand,
  LinkId,
  RequestId,
  type Decision,
  type DomainEffect,
  type DomainError,
  type ExistingRequestCommand,
  type LinkRecord,
  type RequestState,
  type Status
} from "../../src/index.js"

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

/**
 * The system under test: a request driven only through `decide`, whose effects are applied the
 * way a service would apply them. Everything it does is logged for the invariants to read.
 */
export class Simulation {
  state: RequestState
  links: Array<StoredLink> = []
  now: Date
  readonly log: Array<Step> = []
  readonly created: Decision
  private linkCount = 0

  constructor(status: Status, now: Date) {
    this.now = now
    const initial: RequestState = { id: RequestId.make("req-1"), status, metadata: {}, extra_message_variables: {} }
    this.created = Either.getOrThrow(decide(null, LifecycleCommand.Create({ request: initial, requester_email: "requester@example.org" }), now))
    this.state = initial
    this.applyEffects(this.created.effects)
  }

  snapshot(): Snapshot {
    return { state: this.state, links: this.links.map((link) => ({ ...link })), now: this.now }
  }

  link(pick: number): StoredLink {
    return this.links[pick % this.links.length]!
  }

  dispatch(label: string, command: ExistingRequestCommand): Either.Either<Decision, DomainError> {
    return this.record(label, () => decide(this.state, command, this.now))
  }

  /** A raw PATCH body, decoded as the HTTP layer would before deciding. */
  patchBody(label: string, body: unknown): Either.Either<Decision, DomainError> {
    return this.record(label, () =>
      Either.flatMap(decodePatchRequest(body), (patch) => decide(this.state, LifecycleCommand.Patch({ patch }), this.now))
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
