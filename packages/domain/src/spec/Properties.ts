import { Either } from "effect"
import fc from "fast-check"
import { LifecycleCommand, type LinkRecord, type RequestState } from "../Decide.js"
import { LinkId, RequestId } from "../Ids.js"
import { type Status, Statuses } from "../lifecycle.js"
import type { Refusal } from "../Refusal.js"
import { instant, lifetime, metadata, refusal, status, statusWalk } from "./Arbitraries.js"
import { ensure, hasFields, same } from "./Check.js"
import { modelOf, type Scenario, scenario } from "./Commands.js"
import type { Decider, LifecycleImplementation } from "./Implementation.js"
import { changesOf, effectsOf, refused, Simulation, statusesOver } from "./Simulation.js"
import { NotifiedStatuses, patchTo, specAllows, specAllowsLink, SpecRefusal, SpecTable } from "./SpecTable.js"

/** One rule of SPEC sections 3 and 4, named as the rule reads, as a fast-check property. */
export interface SpecProperty {
  readonly name: string
  // Each property generates its own tuple of inputs.
  readonly property: fc.IProperty<any>
}

const request_id = RequestId.make("req-1")
const requestIn = (s: Status, meta: Record<string, unknown> = {}, refusal?: Refusal): RequestState => ({
  id: request_id,
  status: s,
  metadata: meta,
  extra_message_variables: {},
  ...(refusal === undefined ? {} : { refusal })
})
const at = (base: Date, ms: number) => new Date(base.getTime() + ms)
// The specification's own clock: a link expires `lifetime` seconds after it is created.
const expiryOf = (createdAt: Date, seconds: number) => at(createdAt, seconds * 1000)
const linkFor = (
  target: Status,
  createdAt: Date,
  seconds: number,
  used_at: Date | null = null,
  renewed_at: Date | null = null
): LinkRecord => ({
  id: LinkId.make("link-1"),
  event: { status: target, request_id },
  redirect_url: "https://example.org/thanks",
  lifetime: seconds,
  expires_at: expiryOf(createdAt, seconds),
  used_at,
  renewed_at
})

const walkThrough = (
  mayTransition: LifecycleImplementation["mayTransition"],
  walk: { initial: Status; targets: ReadonlyArray<Status> }
) => {
  const statuses: Array<Status> = [walk.initial]
  for (const to of walk.targets) {
    const from = statuses[statuses.length - 1]!
    statuses.push(mayTransition(from, to) ? to : from)
  }
  return statuses
}

const run = (implementation: LifecycleImplementation & { readonly decide: Decider }, events: Scenario) => {
  const real = new Simulation(implementation, events.initial, events.start)
  fc.modelRun(() => ({ model: modelOf(real), real }), events.commands)
  return real
}

const pairs = (statuses: ReadonlyArray<Status>) =>
  statuses.slice(1).flatMap((
    to,
    i
  ): ReadonlyArray<readonly [Status, Status]> => (statuses[i] === to ? [] : [[statuses[i]!, to]]))

/**
 * Every property of SPEC sections 3 (the status lifecycle) and 4 (links) that the parts
 * `implementation` has can be checked against: the table's alone over walks through it, `decide`
 * over random sequences of events and clock moves, the link clock over instants and lifetimes.
 */
export const lifecycleProperties = (implementation: LifecycleImplementation): ReadonlyArray<SpecProperty> => {
  const { mayTransition, linkState, linkExpiresAt } = implementation
  const decide = implementation.decide?.bind(implementation)
  const withDecide = decide === undefined ? undefined : { ...implementation, decide }
  const forbiddenPatches = implementation.decodePatchRequest !== undefined
  const events = scenario({ checking: false, forbiddenPatches })

  /** The statuses a request goes through: over a walk through the table, or over events `decide` decides. */
  const histories: fc.Arbitrary<{ walk: { initial: Status; targets: Array<Status> } } | { events: Scenario }> =
    withDecide === undefined
      ? statusWalk.map((walk) => ({ walk }))
      : fc.oneof(statusWalk.map((walk) => ({ walk })), events.map((scenario) => ({ events: scenario })))
  const statusesOf = (history: { walk: { initial: Status; targets: Array<Status> } } | { events: Scenario }) =>
    "walk" in history ? walkThrough(mayTransition, history.walk) : statusesOver(run(withDecide!, history.events))
  const overHistories = (name: string, rule: (statuses: ReadonlyArray<Status>) => void): SpecProperty => ({
    name,
    property: fc.property(histories, (history) => rule(statusesOf(history)))
  })
  const overEvents = (name: string, rule: (real: Simulation) => void): ReadonlyArray<SpecProperty> =>
    withDecide === undefined
      ? []
      : [{ name, property: fc.property(events, (scenario) => rule(run(withDecide, scenario))) }]
  const ifDecide = (
    properties: (decide: Decider) => ReadonlyArray<SpecProperty>
  ) => (decide === undefined ? [] : properties(decide))

  const table: ReadonlyArray<SpecProperty> = [
    {
      name: "the table allows exactly the status changes of SPEC section 3, and a change to the same status",
      property: fc.property(
        status,
        status,
        (from, to) => same(mayTransition(from, to), specAllows(from, to), `${from} -> ${to} allowed`)
      )
    },
    overHistories(
      "every status change follows the SPEC table, and no status outside it is ever reached",
      (statuses) => {
        for (const s of statuses) ensure(Statuses.includes(s), `${s} is a status`)
        for (const [from, to] of pairs(statuses)) {
          ensure(
            SpecTable[from].includes(to),
            `${from} -> ${to} is in the table`
          )
        }
      }
    ),
    overHistories("archived is terminal", (statuses) => {
      const archivedAt = statuses.indexOf("archived")
      if (archivedAt >= 0) same([...new Set(statuses.slice(archivedAt))], ["archived"], "statuses once archived")
    }),
    overHistories("nothing returns to unverified", (statuses) => {
      for (const [from, to] of pairs(statuses)) ensure(to !== "unverified", `${from} -> unverified`)
    }),
    overHistories(
      "a request created unverified reaches work_in_progress or fulfilled only after verified",
      (statuses) => {
        if (statuses[0] !== "unverified") return
        const handedOut = statuses.findIndex((s) => s === "work_in_progress" || s === "fulfilled")
        if (handedOut >= 0) {
          ensure(
            statuses.slice(0, handedOut).includes("verified"),
            `${statuses[handedOut]} before verified`
          )
        }
      }
    ),
    {
      name: "every status can reach archived",
      property: fc.property(status, (from) => {
        const reached = new Set<Status>([from])
        for (const s of reached) for (const to of Statuses) if (mayTransition(s, to)) reached.add(to)
        ensure(reached.has("archived"), `archived is reachable from ${from}`)
      })
    }
  ]

  const patch = ifDecide((decide) => [
    {
      name: "the machine and the fast path agree on every pair",
      property: fc.property(status, status, (from, to) => {
        const decided = decide(requestIn(from), LifecycleCommand.Patch({ patch: patchTo(to) }), new Date(0))
        same(Either.isRight(decided), mayTransition(from, to), `decide accepts ${from} -> ${to} as the table does`)
      })
    },
    {
      name: "a PATCH to the current status is a no-op, never an error",
      property: fc.property(status, instant, (s, now) => {
        const decided = decide(requestIn(s), LifecycleCommand.Patch({ patch: { status: s } }), now)
        same(
          Either.isRight(decided) && decided.right,
          { state: requestIn(s), changes: [], effects: [] },
          "the decision"
        )
      })
    },
    {
      name: "a PATCH whose status change is refused is refused whole, its valid metadata included",
      property: fc.property(status, status, metadata, instant, (from, to, meta, now) => {
        fc.pre(!specAllows(from, to))
        const decided = decide(requestIn(from), LifecycleCommand.Patch({ patch: { status: to, metadata: meta } }), now)
        ensure(Either.isLeft(decided), `${from} -> ${to} with metadata is refused`)
      })
    },
    {
      name: "a refused change says from which status to which, and which are allowed",
      property: fc.property(status, status, (from, to) => {
        fc.pre(!specAllows(from, to))
        const decided = decide(requestIn(from), LifecycleCommand.Patch({ patch: { status: to } }), new Date(0))
        ensure(
          Either.isLeft(decided) &&
            hasFields(decided.left, { _tag: "InvalidTransition", from, to, allowed: SpecTable[from] }),
          `${from} -> ${to} is refused as InvalidTransition, allowed ${SpecTable[from].join(", ")}`
        )
      })
    },
    {
      name: "an allowed change records the status change and replaces metadata",
      property: fc.property(status, status, metadata, instant, (from, to, meta, now) => {
        fc.pre(from !== to && specAllows(from, to))
        const body = { ...patchTo(to), metadata: meta }
        const decided = decide(requestIn(from), LifecycleCommand.Patch({ patch: body }), now)
        ensure(Either.isRight(decided), `${from} -> ${to} is accepted`)
        if (Either.isLeft(decided)) return
        same(decided.right.state, requestIn(to, meta, to === "refused" ? SpecRefusal : undefined), "the new state")
        ensure(
          decided.right.changes.some((change) => hasFields(change, { field: "status", from, to })),
          "the status change is recorded"
        )
      })
    },
    {
      name: "refusing a request needs a reason: without one it is refused as MissingRefusalReason, and nothing changes",
      property: fc.property(status, metadata, instant, (from, meta, now) => {
        fc.pre(from !== "refused" && specAllows(from, "refused"))
        const decided = decide(
          requestIn(from),
          LifecycleCommand.Patch({ patch: { status: "refused", metadata: meta } }),
          now
        )
        ensure(
          Either.isLeft(decided) && hasFields(decided.left, { _tag: "MissingRefusalReason", from }),
          `${from} -> refused without a reason is refused as MissingRefusalReason`
        )
      })
    },
    {
      name: "a refusal keeps its reason: in the request, in its changes and in the requester's notice",
      property: fc.property(status, refusal, instant, (from, given, now) => {
        fc.pre(from !== "refused" && specAllows(from, "refused"))
        const decided = decide(
          requestIn(from),
          LifecycleCommand.Patch({ patch: { status: "refused", refusal: given } }),
          now
        )
        ensure(Either.isRight(decided), `${from} -> refused with a reason is accepted`)
        if (Either.isLeft(decided)) return
        same(decided.right.state.refusal, given, "the request's refusal")
        ensure(
          decided.right.changes.some((change) => hasFields(change, { field: "refusal", from: null, to: given })),
          "the refusal is among the changes"
        )
        const notices = decided.right.effects.filter((effect) => effect._tag === "SendStatusNotice")
        ensure(
          notices.length === 1 && hasFields(notices[0], { status: "refused", refusal: given }),
          `one notice, carrying the refusal: ${fc.stringify(notices)}`
        )
      })
    },
    {
      name: "a reason is given only with a refusal: with any other status it is refused as UnexpectedRefusal",
      property: fc.property(status, status, refusal, instant, (from, to, given, now) => {
        fc.pre(to !== "refused")
        const decided = decide(requestIn(from), LifecycleCommand.Patch({ patch: { status: to, refusal: given } }), now)
        ensure(
          Either.isLeft(decided) && hasFields(decided.left, { _tag: "UnexpectedRefusal" }),
          `${from} -> ${to} with a refusal is refused as UnexpectedRefusal`
        )
      })
    },
    {
      name: "a refused request keeps the reason it was told: a PATCH to refused is a no-op, whatever reason it gives",
      property: fc.property(refusal, refusal, instant, (told, again, now) => {
        const decided = decide(
          requestIn("refused", {}, told),
          LifecycleCommand.Patch({ patch: { status: "refused", refusal: again } }),
          now
        )
        same(Either.isRight(decided) && decided.right.changes, [], "the changes")
      })
    },
    {
      name:
        "a request may be created in any status; only unverified starts the approval workflow, and one created verified has its receipt confirmed",
      property: fc.property(status, instant, (s, now) => {
        const decided = decide(
          null,
          LifecycleCommand.Create({ request: requestIn(s), requester_email: "a@example.org" }),
          now
        )
        ensure(Either.isRight(decided), `a request is created ${s}`)
        if (Either.isLeft(decided)) return
        same(decided.right.state.status, s, "the status")
        const effects = decided.right.effects
        if (s === "verified") {
          return same(effects.map((e) => e._tag), ["ConfirmReceipt"], "a verified request's effects")
        }
        if (s !== "unverified") return same(effects, [], "the effects of an import")
        ensure(
          effects.length === 1 &&
            hasFields(effects[0], {
              _tag: "IssueLink",
              status: "verified",
              email: "approval",
              lifetime: 900,
              redirect_url: null
            }) &&
            hasFields(effects[0], { expires_at: expiryOf(now, 900) }),
          `an approval link to verified, for 900 s, is emailed: ${fc.stringify(effects)}`
        )
      })
    },
    {
      name: "an unverified request needs the requester's email; imports in other statuses do not",
      property: fc.property(status, (s) => {
        const decided = decide(
          null,
          LifecycleCommand.Create({ request: requestIn(s), requester_email: null }),
          new Date(0)
        )
        same(
          Either.isLeft(decided) && decided.left._tag,
          s === "unverified" ? "MissingRequesterEmail" : false,
          "the refusal"
        )
      })
    },
    {
      name:
        "a reminder goes only to a request still unverified: a fresh approval link to verified, emailed with when it closes; it changes nothing",
      property: fc.property(status, instant, instant, (s, now, closes_at) => {
        const decided = decide(requestIn(s), LifecycleCommand.Remind({ closes_at }), now)
        ensure(Either.isRight(decided), `a reminder is never refused (${s})`)
        if (Either.isLeft(decided)) return
        same(decided.right.changes, [], "the changes")
        if (s !== "unverified") return same(decided.right.effects, [], `the effects on a ${s} request`)
        const effects = decided.right.effects
        ensure(
          effects.length === 1 &&
            hasFields(effects[0], { _tag: "IssueLink", status: "verified", email: "reminder", lifetime: 900 }) &&
            hasFields(effects[0], { expires_at: expiryOf(now, 900), closes_at }),
          `a fresh approval link is emailed as a reminder: ${fc.stringify(effects)}`
        )
      })
    }
  ])

  const sequences = [
    ...overEvents("a rejected event leaves the request and its links exactly as they were", (real) => {
      for (const step of real.log.filter(refused)) {
        same(step.after.state, step.before.state, `${step.label}, refused: the request`)
        same(step.after.links, step.before.links, `${step.label}, refused: the links`)
      }
    }),
    ...overEvents(
      "the requester is notified exactly when the request reaches work_in_progress, fulfilled or refused",
      (real) => {
        for (const step of real.log) {
          const notices = effectsOf(step).flatMap((
            effect
          ) => (effect._tag === "SendStatusNotice" ? [effect.status] : []))
          const to = step.after.state.status
          const notified = changesOf(step).length > 0 && NotifiedStatuses.includes(to)
          same(notices, notified ? [to] : [], `${step.label}: the notices`)
        }
      }
    ),
    ...(withDecide === undefined
      ? []
      : [
        {
          name: "every answer agrees with the SPEC's model of a request and its links",
          property: fc.property(scenario({ checking: true, forbiddenPatches }), (events) => {
            run(withDecide, events)
          })
        }
      ]),
    ...overEvents("receipt is confirmed exactly when a request becomes verified, and only then", (real) => {
      for (const step of real.log) {
        const receipts = effectsOf(step).filter((effect) => effect._tag === "ConfirmReceipt").length
        const verifiedNow = changesOf(step).length > 0 && step.after.state.status === "verified" &&
          step.before.state.status !== "verified"
        same(receipts, verifiedNow ? 1 : 0, `${step.label}: the receipts`)
      }
    }),
    ...overEvents("every link issued expires at its issue time plus its lifetime", (real) => {
      for (const link of real.links) {
        same(link.expires_at, expiryOf(link.created_at, link.lifetime), `${link.id} expires_at`)
      }
    }),
    ...overEvents(
      "a link is usable once: it is consumed at most once and a used link is never applied again",
      (real) => {
        const consumed = real.log.flatMap(effectsOf).flatMap((
          effect
        ) => (effect._tag === "ConsumeLink" ? [effect.link_id] : []))
        same(consumed.length, new Set(consumed).size, `links consumed (${consumed.join(", ")}), each once`)
        for (const step of real.log) {
          for (const link of step.before.links.filter((l) => l.used_at !== null)) {
            same(
              step.after.links.find((l) => l.id === link.id)?.used_at,
              link.used_at,
              `${step.label}: ${link.id} stays used`
            )
          }
        }
      }
    ),
    ...overEvents("an expired link is never applied", (real) => {
      for (const step of real.log) {
        for (const effect of effectsOf(step)) {
          if (effect._tag !== "ConsumeLink") continue
          const link = step.before.links.find((l) => l.id === effect.link_id)
          ensure(
            link !== undefined && step.before.now.getTime() < link.expires_at.getTime(),
            `${step.label}: ${effect.link_id} applied at or after its expiry`
          )
        }
      }
    }),
    ...overEvents(
      "opening an expired link whose event can still apply issues one fresh link for the same event, once",
      (real) => {
        for (const step of real.log.filter((s) => s.label.startsWith("openLink") && !refused(s))) {
          const issued = effectsOf(step).flatMap((effect) => (effect._tag === "IssueLink" ? [effect] : []))
          const renewed = step.result !== "clock" && Either.isRight(step.result) && step.result.right.link === "renewed"
          same(issued.length, renewed ? 1 : 0, `${step.label}: links issued`)
          for (const fresh of issued) {
            same(fresh.email, "renewal", `${step.label}: the fresh link's email`)
            same(fresh.expires_at, expiryOf(step.before.now, fresh.lifetime), `${step.label}: the fresh link's expiry`)
          }
        }
        const renewedLinks = real.log.flatMap(effectsOf).flatMap((
          effect
        ) => (effect._tag === "MarkLinkRenewed" ? [effect.link_id] : []))
        same(renewedLinks.length, new Set(renewedLinks).size, `links renewed (${renewedLinks.join(", ")}), each once`)
      }
    ),
    ...overEvents("over any sequence of events, a confirmation applies only a change the table allows", (real) => {
      for (const step of real.log.filter((s) => s.label.startsWith("confirmLink"))) {
        for (const [from, to] of changesOf(step)) {
          ensure(SpecTable[from].includes(to), `${step.label}: ${from} -> ${to}`)
        }
      }
    })
  ]

  const links = ifDecide((decide) => [
    {
      name:
        "a link can only be created for an event the lifecycle allows now, and never to refuse (it carries no reason)",
      property: fc.property(status, status, instant, lifetime, (from, to, now, seconds) => {
        const input = {
          action: "request.update" as const,
          event: { status: to, request_id },
          redirect_url: "https://example.org",
          lifetime: seconds
        }
        const decided = decide(requestIn(from), LifecycleCommand.CreateLink({ input }), now)
        same(Either.isRight(decided), specAllowsLink(from, to), `a link from ${from} to ${to} is created`)
        if (Either.isLeft(decided)) return
        same(decided.right.state, requestIn(from), "the state")
        const effects = decided.right.effects
        ensure(
          effects.length === 1 &&
            hasFields(effects[0], {
              _tag: "IssueLink",
              status: to,
              lifetime: seconds,
              expires_at: expiryOf(now, seconds),
              email: "none"
            }),
          `one link is issued, emailed by nobody: ${fc.stringify(effects)}`
        )
      })
    },
    {
      name: "opening an active link changes nothing (mail scanners prefetch links)",
      property: fc.property(instant, lifetime, fc.nat(), (created, seconds, elapsed) => {
        fc.pre(elapsed < seconds * 1000)
        const decided = decide(
          requestIn("unverified"),
          LifecycleCommand.OpenLink({ link: linkFor("verified", created, seconds) }),
          at(created, elapsed)
        )
        same(Either.isRight(decided) && decided.right, {
          state: requestIn("unverified"),
          changes: [],
          effects: [],
          link: "pending"
        }, "the decision")
      })
    },
    {
      name: "opening an expired link issues a fresh link for the same event, emailed to the requester",
      property: fc.property(instant, lifetime, fc.nat(), (created, seconds, late) => {
        const now = at(created, seconds * 1000 + late)
        const decided = decide(
          requestIn("unverified"),
          LifecycleCommand.OpenLink({ link: linkFor("verified", created, seconds) }),
          now
        )
        ensure(Either.isRight(decided) && decided.right.link === "renewed", "the link is renewed")
        const effects = Either.isRight(decided) ? decided.right.effects : []
        ensure(
          effects.length === 2 &&
            hasFields(effects[0], {
              _tag: "IssueLink",
              status: "verified",
              lifetime: seconds,
              expires_at: expiryOf(now, seconds),
              redirect_url: "https://example.org/thanks",
              email: "renewal"
            }) &&
            hasFields(effects[1], { _tag: "MarkLinkRenewed", link_id: "link-1" }),
          `a fresh link is emailed and the old one marked renewed: ${fc.stringify(effects)}`
        )
      })
    },
    {
      name: "an expired link is renewed once: opening it again sends no further email",
      property: fc.property(instant, lifetime, fc.nat(), (created, seconds, late) => {
        const now = at(created, seconds * 1000 + late)
        const link = linkFor("verified", created, seconds, null, now)
        const decided = decide(requestIn("unverified"), LifecycleCommand.OpenLink({ link }), at(now, 1))
        same(Either.isRight(decided) && decided.right, {
          state: requestIn("unverified"),
          changes: [],
          effects: [],
          link: "renewal_sent"
        }, "the decision")
      })
    },
    {
      name: "confirming an active link applies its event and consumes the link",
      property: fc.property(instant, lifetime, fc.nat(), (created, seconds, elapsed) => {
        fc.pre(elapsed < seconds * 1000)
        const link = linkFor("verified", created, seconds)
        const decided = decide(requestIn("unverified"), LifecycleCommand.ConfirmLink({ link }), at(created, elapsed))
        ensure(Either.isRight(decided) && decided.right.state.status === "verified", "the request is verified")
        const effects = Either.isRight(decided) ? decided.right.effects : []
        ensure(
          effects.some((effect) => hasFields(effect, { _tag: "ConsumeLink", link_id: link.id })),
          "the link is consumed"
        )
      })
    },
    {
      name: "confirming an expired link renews it once, like opening it, and never applies its event",
      property: fc.property(instant, lifetime, fc.nat(), fc.boolean(), (created, seconds, late, renewedBefore) => {
        const now = at(created, seconds * 1000 + late)
        const link = linkFor("verified", created, seconds, null, renewedBefore ? at(created, seconds * 1000) : null)
        const confirmed = decide(requestIn("unverified"), LifecycleCommand.ConfirmLink({ link }), now)
        const opened = decide(requestIn("unverified"), LifecycleCommand.OpenLink({ link }), now)
        same(confirmed, opened, "confirming decides as opening")
        ensure(Either.isRight(confirmed), "confirming an expired link is not an error")
        if (Either.isLeft(confirmed)) return
        same(confirmed.right.link, renewedBefore ? "renewal_sent" : "renewed", "the link outcome")
        same(confirmed.right.state.status, "unverified", "the status")
        ensure(!confirmed.right.effects.some((effect) => effect._tag === "ConsumeLink"), "the link is not consumed")
      })
    },
    {
      name: "opening an active link refuses what confirming it would refuse, and otherwise offers to confirm",
      property: fc.property(status, instant, (current, created) => {
        const link = linkFor("work_in_progress", created, 900)
        const now = at(created, 1000)
        const opened = decide(requestIn(current), LifecycleCommand.OpenLink({ link }), now)
        const confirmed = decide(requestIn(current), LifecycleCommand.ConfirmLink({ link }), now)
        same(Either.isRight(opened), specAllows(current, "work_in_progress"), `opening from ${current} is accepted`)
        if (Either.isLeft(confirmed)) same(opened, confirmed, "opening refuses as confirming")
        else {same(Either.isRight(opened) && opened.right, {
            state: requestIn(current),
            changes: [],
            effects: [],
            link: "pending"
          }, "the decision")}
      })
    },
    {
      name: "a second confirmation of a used link succeeds only when the request already has its status",
      property: fc.property(status, instant, (current, created) => {
        const link = linkFor("verified", created, 900, created)
        const decided = decide(requestIn(current), LifecycleCommand.ConfirmLink({ link }), at(created, 1000))
        if (current === "verified") {
          ensure(
            Either.isRight(decided) && hasFields(decided.right, { effects: [], link: "already_applied" }),
            "already applied"
          )
        } else {
          same(Either.isLeft(decided) && decided.left._tag, "LinkUsed", "the refusal")
        }
      })
    },
    {
      name: "a confirmation re-checks the lifecycle against the request's status now",
      property: fc.property(status, instant, (current, created) => {
        const link = linkFor("work_in_progress", created, 900)
        const decided = decide(requestIn(current), LifecycleCommand.ConfirmLink({ link }), at(created, 1000))
        same(Either.isRight(decided), specAllows(current, "work_in_progress"), `confirming from ${current} is accepted`)
      })
    }
  ])

  const clock: ReadonlyArray<SpecProperty> = [
    ...(linkExpiresAt === undefined
      ? []
      : [
        {
          name: "a link expires exactly created_at + lifetime seconds",
          property: fc.property(
            instant,
            lifetime,
            (created, seconds) => same(linkExpiresAt(created, seconds), expiryOf(created, seconds), "expires_at")
          )
        }
      ]),
    ...(linkState === undefined
      ? []
      : [
        {
          name: "a link is active until the millisecond before created_at + lifetime, expired from then on",
          property: fc.property(instant, lifetime, (created, seconds) => {
            const link = linkFor("verified", created, seconds)
            same(linkState(link, at(created, seconds * 1000 - 1)), "active", "a millisecond before expiry")
            same(linkState(link, at(created, seconds * 1000)), "expired", "at expiry")
          })
        },
        {
          name: "a used link stays used whatever the time",
          property: fc.property(
            instant,
            lifetime,
            fc.nat(),
            (created, seconds, later) =>
              same(linkState(linkFor("verified", created, seconds, created), at(created, later)), "used", "the link")
          )
        }
      ])
  ]

  return [...table, ...patch, ...sequences, ...links, ...clock]
}
