import { Either } from "effect"
import fc from "fast-check"
import { expect } from "vitest"
import { LifecycleCommand, LinkLifetimeBounds, Statuses, type DomainError, type Status } from "../../src/index.js"
import { type Simulation, DEFAULT_REDIRECT } from "./Simulation.js"
import { NotifiedStatuses, specAllows } from "./SpecTable.js"

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

type Cmd = fc.Command<Model, Simulation>

const expectRefused = (result: Either.Either<unknown, DomainError>, tag: DomainError["_tag"]) => {
  expect(Either.isLeft(result) && result.left._tag).toBe(tag)
}

const expectNotices = (result: Either.Either<{ effects: ReadonlyArray<{ _tag: string }> }, unknown>, from: Status, to: Status) => {
  const notices = Either.isRight(result) ? result.right.effects.filter((e) => e._tag === "SendStatusNotice") : []
  expect(notices.length).toBe(from !== to && NotifiedStatuses.includes(to) ? 1 : 0)
}

/** An expired link, opened or confirmed: renewed once while its event can still be applied. */
const expectRenewal = (model: Model, link: ModelLink, result: Either.Either<{ readonly link?: string }, DomainError>) => {
  if (model.status === link.target) {
    expect(Either.isRight(result) && result.right.link).toBe("already_applied")
  } else if (!specAllows(model.status, link.target)) {
    expectRefused(result, "InvalidTransition")
  } else if (link.renewed) {
    expect(Either.isRight(result) && result.right.link).toBe("renewal_sent")
  } else {
    expect(Either.isRight(result) && result.right.link).toBe("renewed")
    model.links.push({ ...link, expiresAt: model.now + link.lifetime * 1000, used: false, renewed: false })
    link.renewed = true
  }
}

class Patch implements Cmd {
  constructor(
    readonly to: Status,
    readonly metadata: Record<string, string> | undefined
  ) {}
  check = () => true
  run(model: Model, real: Simulation) {
    const from = model.status
    const result = real.dispatch(this.toString(), LifecycleCommand.Patch({
      patch: this.metadata === undefined ? { status: this.to } : { status: this.to, metadata: this.metadata }
    }))
    if (specAllows(from, this.to)) {
      expect(Either.isRight(result)).toBe(true)
      expectNotices(result, from, this.to)
      if (this.metadata !== undefined) expect(real.state.metadata).toEqual(this.metadata)
      model.status = this.to
    } else {
      expectRefused(result, "InvalidTransition")
    }
    expect(real.state.status).toBe(model.status)
  }
  toString = () => `patch(status=${this.to}${this.metadata === undefined ? "" : ", metadata"})`
}

class ForbiddenPatch implements Cmd {
  constructor(
    readonly to: Status,
    readonly keys: ReadonlyArray<string>
  ) {}
  check = () => true
  run(model: Model, real: Simulation) {
    const body = Object.fromEntries([["status", this.to], ...this.keys.map((key) => [key, "x"])])
    const result = real.patchBody(this.toString(), body)
    expect(Either.isLeft(result) && result.left._tag === "ForbiddenFields" && [...result.left.fields].sort()).toEqual(
      [...this.keys].sort()
    )
    expect(real.state.status).toBe(model.status)
  }
  toString = () => `patch(status=${this.to}, ${this.keys.join(", ")})`
}

class CreateLink implements Cmd {
  constructor(
    readonly to: Status,
    readonly lifetime: number
  ) {}
  check = () => true
  run(model: Model, real: Simulation) {
    const result = real.dispatch(this.toString(), LifecycleCommand.CreateLink({
      input: {
        action: "request.update",
        event: { status: this.to, request_id: real.state.id },
        redirect_url: DEFAULT_REDIRECT,
        lifetime: this.lifetime
      }
    }))
    if (specAllows(model.status, this.to)) {
      expect(Either.isRight(result)).toBe(true)
      model.links.push({ target: this.to, lifetime: this.lifetime, expiresAt: model.now + this.lifetime * 1000, used: false, renewed: false })
    } else {
      expectRefused(result, "InvalidTransition")
    }
    expect(real.links.length).toBe(model.links.length)
  }
  toString = () => `createLink(${this.to}, ${this.lifetime}s)`
}

class ConfirmLink implements Cmd {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.links.length > 0
  run(model: Model, real: Simulation) {
    const index = this.pick % model.links.length
    const link = model.links[index]!
    const result = real.dispatch(this.toString(), LifecycleCommand.ConfirmLink({ link: real.link(this.pick) }))
    if (link.used) {
      if (model.status === link.target) expect(Either.isRight(result)).toBe(true)
      else expectRefused(result, "LinkUsed")
    } else if (model.now >= link.expiresAt) {
      // Confirming an expired link renews it, as opening it does.
      expectRenewal(model, link, result)
    } else if (specAllows(model.status, link.target)) {
      expect(Either.isRight(result)).toBe(true)
      expectNotices(result, model.status, link.target)
      model.status = link.target
      link.used = true
    } else {
      expectRefused(result, "InvalidTransition")
    }
    expect(real.state.status).toBe(model.status)
    expect(real.links[index]!.used_at !== null).toBe(link.used)
  }
  toString = () => `confirmLink(#${this.pick})`
}

class OpenLink implements Cmd {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.links.length > 0
  run(model: Model, real: Simulation) {
    const link = model.links[this.pick % model.links.length]!
    const result = real.dispatch(this.toString(), LifecycleCommand.OpenLink({ link: real.link(this.pick) }))
    if (link.used) {
      expect(Either.isRight(result)).toBe(true)
    } else if (model.now >= link.expiresAt) {
      expectRenewal(model, link, result)
    } else if (specAllows(model.status, link.target)) {
      expect(Either.isRight(result) && result.right.link).toBe("pending")
    } else {
      // Opening refuses what confirming would refuse.
      expectRefused(result, "InvalidTransition")
    }
    expect(real.state.status).toBe(model.status)
    expect(real.links.length).toBe(model.links.length)
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

const status = fc.constantFrom(...Statuses)
const pick = fc.nat(20)
const lifetime = fc.oneof(
  fc.constantFrom(LinkLifetimeBounds.min, LinkLifetimeBounds.default, LinkLifetimeBounds.max),
  fc.integer({ min: LinkLifetimeBounds.min, max: LinkLifetimeBounds.max })
)
const forbiddenKey = fc.constantFrom("id", "user_right_id", "organization_user_id", "created_at", "request_fields", "source", "expires_at")

export const lifecycleCommands = fc.commands(
  [
    fc.tuple(status, fc.option(fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 })), { nil: undefined })).map(
      ([to, metadata]) => new Patch(to, metadata)
    ),
    fc.tuple(status, fc.uniqueArray(forbiddenKey, { minLength: 1, maxLength: 3 })).map(([to, keys]) => new ForbiddenPatch(to, keys)),
    fc.tuple(status, lifetime).map(([to, seconds]) => new CreateLink(to, seconds)),
    pick.map((n) => new ConfirmLink(n)),
    pick.map((n) => new OpenLink(n)),
    fc.integer({ min: 0, max: LinkLifetimeBounds.default * 2000 }).map((ms) => new AdvanceClock(ms)),
    fc.tuple(pick, fc.constantFrom(-1 as const, 0 as const, 1 as const)).map(([n, offset]) => new AdvanceToExpiry(n, offset))
  ],
  { maxCommands: 50, size: "medium" }
)

/** A request created in a random status at a random instant, then a random sequence of events. */
export const scenario = fc.record({
  initial: status,
  start: fc.date({ min: new Date("2020-01-01T00:00:00.000Z"), max: new Date("2030-01-01T00:00:00.000Z") }),
  commands: lifecycleCommands
})
