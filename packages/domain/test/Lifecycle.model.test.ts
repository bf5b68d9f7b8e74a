import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Statuses, type Status } from "../src/index.js"
import { modelOf, scenario } from "./support/Commands.js"
import { effectsOf, refused, Simulation, type Step } from "./support/Simulation.js"
import { SpecTable } from "./support/SpecTable.js"

/**
 * Random sequences of PATCHes (allowed, refused and with forbidden properties), link creations,
 * link openings and confirmations, and clock moves, run against the SPEC's model. Each property
 * below states one rule over the whole history of such a run.
 */
const forEveryRun = (rule: (real: Simulation) => void) =>
  fc.assert(
    fc.property(scenario, ({ initial, start, commands }) => {
      const real = new Simulation(initial, start)
      fc.modelRun(() => ({ model: modelOf(real), real }), commands)
      rule(real)
    })
  )

const statusesOver = (real: Simulation): ReadonlyArray<Status> => [
  real.log[0]?.before.state.status ?? real.state.status,
  ...real.log.map((step) => step.after.state.status)
]

const changesOf = (step: Step): ReadonlyArray<[Status, Status]> =>
  step.before.state.status === step.after.state.status ? [] : [[step.before.state.status, step.after.state.status]]

describe("the request lifecycle over random sequences of events (SPEC section 3)", () => {
  it("every status change follows the table, and no status outside it is ever reached", () =>
    forEveryRun((real) => {
      for (const status of statusesOver(real)) expect(Statuses).toContain(status)
      for (const [from, to] of real.log.flatMap(changesOf)) expect(SpecTable[from]).toContain(to)
    }))

  it("archived is terminal: once archived, the request stays archived", () =>
    forEveryRun((real) => {
      const statuses = statusesOver(real)
      const archivedAt = statuses.indexOf("archived")
      if (archivedAt >= 0) expect(new Set(statuses.slice(archivedAt))).toEqual(new Set(["archived"]))
    }))

  it("nothing ever returns to unverified", () =>
    forEveryRun((real) => {
      for (const [, to] of real.log.flatMap(changesOf)) expect(to).not.toBe("unverified")
    }))

  it("a request created unverified reaches work_in_progress or fulfilled only after verified", () =>
    forEveryRun((real) => {
      const statuses = statusesOver(real)
      if (statuses[0] !== "unverified") return
      const firstHandOut = statuses.findIndex((s) => s === "work_in_progress" || s === "fulfilled")
      if (firstHandOut >= 0) expect(statuses.slice(0, firstHandOut)).toContain("verified")
    }))

  it("a rejected event leaves the request and its links exactly as they were", () =>
    forEveryRun((real) => {
      for (const step of real.log.filter(refused)) {
        expect(step.after.state).toEqual(step.before.state)
        expect(step.after.links).toEqual(step.before.links)
      }
    }))

  it("the requester is notified exactly when the request reaches work_in_progress, fulfilled or refused", () =>
    forEveryRun((real) => {
      for (const step of real.log) {
        const notices = effectsOf(step).filter((effect) => effect._tag === "SendStatusNotice")
        const to = step.after.state.status
        const notified = changesOf(step).length > 0 && ["work_in_progress", "fulfilled", "refused"].includes(to)
        expect(notices.map((notice) => notice.status)).toEqual(notified ? [to] : [])
      }
    }))
})

describe("approval links over random sequences of events (SPEC section 4)", () => {
  it("a link expires exactly at created_at + lifetime", () =>
    forEveryRun((real) => {
      for (const link of real.links) expect(link.expires_at.getTime()).toBe(link.created_at.getTime() + link.lifetime * 1000)
    }))

  it("a link is single use: it is consumed at most once and never applied again", () =>
    forEveryRun((real) => {
      const consumed = real.log.flatMap(effectsOf).flatMap((effect) => (effect._tag === "ConsumeLink" ? [effect.link_id] : []))
      expect(new Set(consumed).size).toBe(consumed.length)
      for (const step of real.log) {
        const used = step.before.links.filter((link) => link.used_at !== null)
        for (const link of used) expect(step.after.links.find((l) => l.id === link.id)?.used_at).toEqual(link.used_at)
      }
    }))

  it("a link never confirms at or after its expiry", () =>
    forEveryRun((real) => {
      for (const step of real.log) {
        for (const effect of effectsOf(step)) {
          if (effect._tag !== "ConsumeLink") continue
          const link = step.before.links.find((l) => l.id === effect.link_id)!
          expect(step.before.now.getTime()).toBeLessThan(link.expires_at.getTime())
        }
      }
    }))

  it("opening an expired link whose event can still apply issues one fresh link for the same event, once", () =>
    forEveryRun((real) => {
      for (const step of real.log.filter((s) => s.label.startsWith("openLink") && !refused(s))) {
        const issued = effectsOf(step).filter((effect) => effect._tag === "IssueLink")
        const renewed = step.result !== "clock" && Either.isRight(step.result) && step.result.right.link === "renewed"
        expect(issued.length).toBe(renewed ? 1 : 0)
        for (const fresh of issued) {
          expect(fresh.email).toBe("renewal")
          expect(fresh.expires_at.getTime()).toBe(step.before.now.getTime() + fresh.lifetime * 1000)
        }
      }
      const renewedLinks = real.log.flatMap(effectsOf).flatMap((effect) => (effect._tag === "MarkLinkRenewed" ? [effect.link_id] : []))
      expect(new Set(renewedLinks).size).toBe(renewedLinks.length)
    }))

  it("a confirmation re-checks the lifecycle: it applies only a change the table allows", () =>
    forEveryRun((real) => {
      for (const step of real.log.filter((s) => s.label.startsWith("confirmLink"))) {
        for (const [from, to] of changesOf(step)) expect(SpecTable[from]).toContain(to)
      }
    }))
})
