import { test } from "@fast-check/vitest"
import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  CreateLink,
  decide,
  decodeInput,
  LifecycleCommand,
  LinkId,
  LinkLifetimeBounds,
  linkExpiresAt,
  linkState,
  RequestId,
  Statuses,
  type LinkRecord,
  type RequestState,
  type Status
} from "../src/index.js"
import { specAllows } from "./support/SpecTable.js"

const status = fc.constantFrom(...Statuses)
const instant = fc.date({ min: new Date("2020-01-01T00:00:00.000Z"), max: new Date("2030-01-01T00:00:00.000Z") })
const lifetime = fc.integer({ min: LinkLifetimeBounds.min, max: LinkLifetimeBounds.max })
const request_id = RequestId.make("req-1")

const requestIn = (s: Status): RequestState => ({ id: request_id, status: s, metadata: {}, extra_message_variables: {} })
const linkFor = (target: Status, createdAt: Date, seconds: number, used_at: Date | null = null, renewed_at: Date | null = null): LinkRecord => ({
  id: LinkId.make("link-1"),
  event: { status: target, request_id },
  redirect_url: "https://example.org/thanks",
  lifetime: seconds,
  expires_at: linkExpiresAt(createdAt, seconds),
  used_at,
  renewed_at
})
const at = (base: Date, ms: number) => new Date(base.getTime() + ms)

describe("link lifetime (SPEC section 4)", () => {
  test.prop([instant, lifetime])("a link is active until the millisecond before created_at + lifetime, expired from then on", (created, seconds) => {
    const link = linkFor("verified", created, seconds)
    expect(linkState(link, at(created, seconds * 1000 - 1))).toBe("active")
    expect(linkState(link, at(created, seconds * 1000))).toBe("expired")
  })

  test.prop([instant, lifetime, fc.nat()])("a used link stays used whatever the time", (created, seconds, later) => {
    expect(linkState(linkFor("verified", created, seconds, created), at(created, later))).toBe("used")
  })

  test.prop([fc.integer()])("a lifetime is accepted only within the documented bounds, 900 s by default", (seconds) => {
    const body = { action: "request.update", event: { status: "verified", request_id }, redirect_url: "https://example.org" }
    const decoded = decodeInput(CreateLink)({ ...body, lifetime: seconds })
    expect(Either.isRight(decoded)).toBe(seconds >= LinkLifetimeBounds.min && seconds <= LinkLifetimeBounds.max)
    expect(Either.getOrThrow(decodeInput(CreateLink)(body)).lifetime).toBe(900)
  })

  test.prop([fc.oneof(fc.constant("javascript:alert(1)"), fc.constant("/relative/path"), fc.constant("ftp://example.org"), fc.string())])(
    "a redirect_url must be an absolute http(s) URL",
    (redirect_url) => {
      fc.pre(!/^https?:\/\/[^/]/.test(redirect_url))
      const decoded = Schema.decodeUnknownEither(CreateLink)({ action: "request.update", event: { status: "verified", request_id }, redirect_url })
      expect(Either.isLeft(decoded)).toBe(true)
    }
  )

  test.prop([status, status, instant, lifetime])("a link can only be created for an event the lifecycle allows now", (from, to, now, seconds) => {
    const input = { action: "request.update" as const, event: { status: to, request_id }, redirect_url: "https://example.org", lifetime: seconds }
    const decided = decide(requestIn(from), LifecycleCommand.CreateLink({ input }), now)
    expect(Either.isRight(decided)).toBe(specAllows(from, to))
    if (Either.isRight(decided)) {
      expect(decided.right.state).toEqual(requestIn(from))
      expect(decided.right.effects).toEqual([
        expect.objectContaining({ _tag: "IssueLink", status: to, lifetime: seconds, expires_at: linkExpiresAt(now, seconds), email: "none" })
      ])
    }
  })
})

describe("opening and confirming a link (SPEC section 4)", () => {
  test.prop([instant, lifetime, fc.nat()])("opening an active link changes nothing (mail scanners prefetch links)", (created, seconds, elapsed) => {
    fc.pre(elapsed < seconds * 1000)
    const decision = Either.getOrThrow(decide(requestIn("unverified"), LifecycleCommand.OpenLink({ link: linkFor("verified", created, seconds) }), at(created, elapsed)))
    expect(decision).toEqual({ state: requestIn("unverified"), changes: [], effects: [], link: "pending" })
  })

  test.prop([instant, lifetime, fc.nat()])("opening an expired link issues a fresh link for the same event, emailed to the requester", (created, seconds, late) => {
    const now = at(created, seconds * 1000 + late)
    const decision = Either.getOrThrow(decide(requestIn("unverified"), LifecycleCommand.OpenLink({ link: linkFor("verified", created, seconds) }), now))
    expect(decision.link).toBe("renewed")
    expect(decision.effects).toEqual([
      expect.objectContaining({ _tag: "IssueLink", status: "verified", lifetime: seconds, expires_at: linkExpiresAt(now, seconds), redirect_url: "https://example.org/thanks", email: "renewal" }),
      expect.objectContaining({ _tag: "MarkLinkRenewed", link_id: "link-1" })
    ])
  })

  test.prop([instant, lifetime, fc.nat()])("an expired link is renewed once: opening it again sends no further email", (created, seconds, late) => {
    const now = at(created, seconds * 1000 + late)
    const link = linkFor("verified", created, seconds, null, now)
    const decision = Either.getOrThrow(decide(requestIn("unverified"), LifecycleCommand.OpenLink({ link }), at(now, 1)))
    expect(decision).toEqual({ state: requestIn("unverified"), changes: [], effects: [], link: "renewal_sent" })
  })

  test.prop([instant, lifetime, fc.nat()])("confirming an active link applies its event and consumes the link", (created, seconds, elapsed) => {
    fc.pre(elapsed < seconds * 1000)
    const link = linkFor("verified", created, seconds)
    const decision = Either.getOrThrow(decide(requestIn("unverified"), LifecycleCommand.ConfirmLink({ link }), at(created, elapsed)))
    expect(decision.state.status).toBe("verified")
    expect(decision.effects).toContainEqual(expect.objectContaining({ _tag: "ConsumeLink", link_id: link.id }))
  })

  test.prop([instant, lifetime, fc.nat(), fc.boolean()])(
    "confirming an expired link renews it once, like opening it, and never applies its event",
    (created, seconds, late, renewedBefore) => {
      const now = at(created, seconds * 1000 + late)
      const link = linkFor("verified", created, seconds, null, renewedBefore ? at(created, seconds * 1000) : null)
      const confirmed = Either.getOrThrow(decide(requestIn("unverified"), LifecycleCommand.ConfirmLink({ link }), now))
      expect(confirmed).toEqual(Either.getOrThrow(decide(requestIn("unverified"), LifecycleCommand.OpenLink({ link }), now)))
      expect(confirmed.link).toBe(renewedBefore ? "renewal_sent" : "renewed")
      expect(confirmed.state.status).toBe("unverified")
      expect(confirmed.effects.some((effect) => effect._tag === "ConsumeLink")).toBe(false)
    }
  )

  test.prop([status, instant])(
    "opening an active link refuses what confirming it would refuse, and otherwise offers to confirm",
    (current, created) => {
      const link = linkFor("work_in_progress", created, 900)
      const now = at(created, 1000)
      const opened = decide(requestIn(current), LifecycleCommand.OpenLink({ link }), now)
      const confirmed = decide(requestIn(current), LifecycleCommand.ConfirmLink({ link }), now)
      expect(Either.isRight(opened)).toBe(specAllows(current, "work_in_progress"))
      if (Either.isLeft(confirmed)) expect(opened).toEqual(confirmed)
      else expect(Either.getOrThrow(opened)).toEqual({ state: requestIn(current), changes: [], effects: [], link: "pending" })
    }
  )

  test.prop([status, instant])("a second confirmation of a used link succeeds only when the request already has its status", (current, created) => {
    const link = linkFor("verified", created, 900, created)
    const decided = decide(requestIn(current), LifecycleCommand.ConfirmLink({ link }), at(created, 1000))
    if (current === "verified") expect(Either.getOrThrow(decided)).toMatchObject({ effects: [], link: "already_applied" })
    else expect(Either.isLeft(decided) && decided.left._tag).toBe("LinkUsed")
  })

  test.prop([status, instant])("a confirmation re-checks the lifecycle against the request's status now", (current, created) => {
    const link = linkFor("work_in_progress", created, 900)
    const decided = decide(requestIn(current), LifecycleCommand.ConfirmLink({ link }), at(created, 1000))
    expect(Either.isRight(decided)).toBe(specAllows(current, "work_in_progress"))
  })
})

it("a link's expiry is exactly created_at + lifetime seconds", () => {
  expect(linkExpiresAt(new Date("2026-01-01T00:00:00.000Z"), 900)).toEqual(new Date("2026-01-01T00:15:00.000Z"))
})
