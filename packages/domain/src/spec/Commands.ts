import { Either } from "effect"
import fc from "fast-check"
import { LifecycleCommand } from "../Decide.js"
import type { DomainError } from "../Errors.js"
import type { Status } from "../lifecycle.js"
import { clockMove, forbiddenField, instant, lifetime, status } from "./Arbitraries.js"
import { ensure, same } from "./Check.js"
import { DEFAULT_REDIRECT, type Simulation } from "./Simulation.js"
import { NotifiedStatuses, patchTo, specAllows, specAllowsLink } from "./SpecTable.js"

interface ModelLink {
  readonly target: Status
  readonly lifetime: number
  readonly expiresAt: number
  used: boolean
  renewed: boolean
}

/** What SPEC sections 3 and 4 say the request should look like: a status, a clock and links. */
export interface Model {
  status: Status
  now: number
  links: Array<ModelLink>
}

export const modelOf = (real: Simulation): Model => ({
  status: real.state.status,
  now: real.now.getTime(),
  links: real.links.map((link) => ({
    target: link.event.status,
    lifetime: link.lifetime,
    expiresAt: link.expires_at.getTime(),
    used: false,
    renewed: false
  }))
})

/**
 * A command checks every answer against the model when `checking`; otherwise it only drives the
 * implementation (and the model, for the commands' preconditions), so that a run's history can be
 * read by one rule at a time.
 */
interface Context {
  readonly checking: boolean
}

type Cmd = fc.Command<Model, Simulation>
type Result = Either.Either<
  { readonly effects: ReadonlyArray<{ readonly _tag: string }>; readonly link?: string },
  DomainError
>

const refusedAs = (result: Result, tag: DomainError["_tag"]) => Either.isLeft(result) && result.left._tag === tag
const outcome = (result: Result) => (Either.isRight(result) ? result.right.link : undefined)

const noticesOk = (result: Result, from: Status, to: Status) => {
  const notices = Either.isRight(result) ? result.right.effects.filter((e) => e._tag === "SendStatusNotice") : []
  return notices.length === (from !== to && NotifiedStatuses.includes(to) ? 1 : 0)
}

/** An expired link, opened or confirmed: renewed once while its event can still be applied. */
const expectRenewal = (context: Context, model: Model, link: ModelLink, result: Result, label: string) => {
  const check = (holds: boolean, rule: string) => context.checking && ensure(holds, `${label}: ${rule}`)
  if (model.status === link.target) {
    check(outcome(result) === "already_applied", "an expired link whose event is already applied says so")
  } else if (!specAllows(model.status, link.target)) {
    check(refusedAs(result, "InvalidTransition"), "an expired link whose event the lifecycle forbids is refused")
  } else if (link.renewed) {
    check(outcome(result) === "renewal_sent", "an expired link already renewed says a fresh one was sent")
  } else {
    check(outcome(result) === "renewed", "an expired link is renewed")
    model.links.push({ ...link, expiresAt: model.now + link.lifetime * 1000, used: false, renewed: false })
    link.renewed = true
  }
}

class Patch implements Cmd {
  constructor(
    readonly context: Context,
    readonly to: Status,
    readonly metadata: Record<string, string> | undefined,
    /** Whether a move to `refused` gives its reason. */
    readonly reasoned: boolean
  ) {}
  check = () => true
  run(model: Model, real: Simulation) {
    const from = model.status
    const status = this.reasoned ? patchTo(this.to) : { status: this.to }
    const result = real.dispatch(
      this.toString(),
      LifecycleCommand.Patch({
        patch: this.metadata === undefined ? status : { ...status, metadata: this.metadata }
      })
    )
    const check = (holds: boolean, rule: string) => this.context.checking && ensure(holds, `${this}: ${rule}`)
    if (this.to === "refused" && from !== "refused" && specAllows(from, this.to) && !this.reasoned) {
      check(refusedAs(result, "MissingRefusalReason"), `a refusal from ${from} without a reason is refused`)
    } else if (specAllows(from, this.to)) {
      check(Either.isRight(result), `a change from ${from} to ${this.to} is accepted`)
      check(noticesOk(result, from, this.to), "the requester is notified of this change exactly when the SPEC says")
      if (this.metadata !== undefined && this.context.checking) same(real.state.metadata, this.metadata, "metadata")
      model.status = this.to
    } else {
      check(
        refusedAs(result, "InvalidTransition"),
        `a change from ${from} to ${this.to} is refused as InvalidTransition`
      )
    }
    check(real.state.status === model.status, `the request is ${model.status}`)
  }
  toString = () =>
    `patch(status=${this.to}${this.to === "refused" && this.reasoned ? ", refusal" : ""}${
      this.metadata === undefined ? "" : ", metadata"
    })`
}

class ForbiddenPatch implements Cmd {
  constructor(
    readonly context: Context,
    readonly to: Status,
    readonly keys: ReadonlyArray<string>
  ) {}
  check = () => true
  run(model: Model, real: Simulation) {
    const body = Object.fromEntries([["status", this.to], ...this.keys.map((key) => [key, "x"])])
    const result = real.patchBody(this.toString(), body)
    if (!this.context.checking) return
    ensure(Either.isLeft(result) && result.left._tag === "ForbiddenFields", `${this}: refused as ForbiddenFields`)
    if (Either.isLeft(result) && result.left._tag === "ForbiddenFields") {
      same([...result.left.fields].sort(), [...this.keys].sort(), `${this}: the forbidden fields named`)
    }
    ensure(real.state.status === model.status, `${this}: the request is still ${model.status}`)
  }
  toString = () => `patch(status=${this.to}, ${this.keys.join(", ")})`
}

class CreateLink implements Cmd {
  constructor(
    readonly context: Context,
    readonly to: Status,
    readonly lifetime: number
  ) {}
  check = () => true
  run(model: Model, real: Simulation) {
    const result = real.dispatch(
      this.toString(),
      LifecycleCommand.CreateLink({
        input: {
          action: "request.update",
          event: { status: this.to, request_id: real.state.id },
          redirect_url: DEFAULT_REDIRECT,
          lifetime: this.lifetime
        }
      })
    )
    const check = (holds: boolean, rule: string) => this.context.checking && ensure(holds, `${this}: ${rule}`)
    if (specAllowsLink(model.status, this.to)) {
      check(Either.isRight(result), `a link from ${model.status} to ${this.to} is created`)
      model.links.push({
        target: this.to,
        lifetime: this.lifetime,
        expiresAt: model.now + this.lifetime * 1000,
        used: false,
        renewed: false
      })
    } else if (specAllows(model.status, this.to)) {
      check(refusedAs(result, "MissingRefusalReason"), `a link from ${model.status} cannot refuse (no reason)`)
    } else {
      check(refusedAs(result, "InvalidTransition"), `a link from ${model.status} to ${this.to} is refused`)
    }
    check(real.links.length === model.links.length, `${model.links.length} links exist`)
  }
  toString = () => `createLink(${this.to}, ${this.lifetime}s)`
}

class ConfirmLink implements Cmd {
  constructor(
    readonly context: Context,
    readonly pick: number
  ) {}
  check = (model: Readonly<Model>) => model.links.length > 0
  run(model: Model, real: Simulation) {
    const index = this.pick % model.links.length
    const link = model.links[index]!
    const stored = real.link(this.pick)
    if (stored === undefined) return ensure(!this.context.checking, `${this}: the link exists`)
    const result = real.dispatch(this.toString(), LifecycleCommand.ConfirmLink({ link: stored }))
    const check = (holds: boolean, rule: string) => this.context.checking && ensure(holds, `${this}: ${rule}`)
    if (link.used) {
      if (model.status === link.target) {
        check(Either.isRight(result), "a used link whose event is applied confirms as success")
      } else check(refusedAs(result, "LinkUsed"), "a used link is refused as LinkUsed")
    } else if (model.now >= link.expiresAt) {
      // Confirming an expired link renews it, as opening it does.
      expectRenewal(this.context, model, link, result, this.toString())
    } else if (specAllows(model.status, link.target)) {
      check(Either.isRight(result), `an active link from ${model.status} to ${link.target} is applied`)
      check(
        noticesOk(result, model.status, link.target),
        "the requester is notified of this change exactly when the SPEC says"
      )
      model.status = link.target
      link.used = true
    } else {
      check(refusedAs(result, "InvalidTransition"), `an active link from ${model.status} to ${link.target} is refused`)
    }
    check(real.state.status === model.status, `the request is ${model.status}`)
    check((real.links[index]?.used_at !== null) === link.used, `the link is ${link.used ? "" : "not "}used`)
  }
  toString = () => `confirmLink(#${this.pick})`
}

class OpenLink implements Cmd {
  constructor(
    readonly context: Context,
    readonly pick: number
  ) {}
  check = (model: Readonly<Model>) => model.links.length > 0
  run(model: Model, real: Simulation) {
    const link = model.links[this.pick % model.links.length]!
    const stored = real.link(this.pick)
    if (stored === undefined) return ensure(!this.context.checking, `${this}: the link exists`)
    const result = real.dispatch(this.toString(), LifecycleCommand.OpenLink({ link: stored }))
    const check = (holds: boolean, rule: string) => this.context.checking && ensure(holds, `${this}: ${rule}`)
    if (link.used) {
      check(Either.isRight(result), "opening a used link shows a page")
    } else if (model.now >= link.expiresAt) {
      expectRenewal(this.context, model, link, result, this.toString())
    } else if (specAllows(model.status, link.target)) {
      check(outcome(result) === "pending", "opening an active link offers to confirm it")
    } else {
      // Opening refuses what confirming would refuse.
      check(refusedAs(result, "InvalidTransition"), "opening a link confirming would refuse is refused")
    }
    check(real.state.status === model.status, `the request is ${model.status}`)
    check(real.links.length === model.links.length, `${model.links.length} links exist`)
  }
  toString = () => `openLink(#${this.pick})`
}

class AdvanceClock implements Cmd {
  constructor(readonly ms: number) {}
  check = () => true
  run(model: Model, real: Simulation) {
    real.advance(this.ms)
    model.now += this.ms
  }
  toString = () => `advance(${this.ms}ms)`
}

/** Moves the clock to one millisecond before, exactly at, or just after a link's expiry. */
class AdvanceToExpiry implements Cmd {
  constructor(
    readonly pick: number,
    readonly offset: -1 | 0 | 1
  ) {}
  check = (model: Readonly<Model>) =>
    model.links.length > 0 && model.links[this.pick % model.links.length]!.expiresAt + this.offset >= model.now
  run(model: Model, real: Simulation) {
    const target = model.links[this.pick % model.links.length]!.expiresAt + this.offset
    real.advance(target - model.now)
    model.now = target
  }
  toString = () => `advanceToExpiry(#${this.pick}, ${this.offset}ms)`
}

const pick = fc.nat(20)

/**
 * Random sequences of PATCHes (allowed, refused and, when the implementation decodes bodies, with
 * forbidden properties), link creations, openings and confirmations, and clock moves.
 */
export const lifecycleCommands = (options: { readonly checking: boolean; readonly forbiddenPatches: boolean }) => {
  const context: Context = { checking: options.checking }
  return fc.commands(
    [
      fc.tuple(
        status,
        fc.option(fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 })), { nil: undefined }),
        fc.boolean()
      ).map(
        ([to, metadata, reasoned]) => new Patch(context, to, metadata, reasoned)
      ),
      ...(options.forbiddenPatches
        ? [
          fc.tuple(status, fc.uniqueArray(forbiddenField, { minLength: 1, maxLength: 3 })).map(([to, keys]) =>
            new ForbiddenPatch(context, to, keys)
          )
        ]
        : []),
      fc.tuple(status, lifetime).map(([to, seconds]) => new CreateLink(context, to, seconds)),
      pick.map((n) => new ConfirmLink(context, n)),
      pick.map((n) => new OpenLink(context, n)),
      clockMove.map((ms) => new AdvanceClock(ms)),
      fc.tuple(pick, fc.constantFrom(-1 as const, 0 as const, 1 as const)).map(([n, offset]) =>
        new AdvanceToExpiry(n, offset)
      )
    ],
    { maxCommands: 50, size: "medium" }
  )
}

/** A request created in a random status at a random instant, then a random sequence of events. */
export const scenario = (
  options: { readonly checking: boolean; readonly forbiddenPatches: boolean }
): fc.Arbitrary<Scenario> => fc.record({ initial: status, start: instant, commands: lifecycleCommands(options) })
export interface Scenario {
  readonly initial: Status
  readonly start: Date
  readonly commands: Iterable<fc.Command<Model, Simulation>>
}
