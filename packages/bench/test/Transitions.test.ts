import { mayTransition, Statuses } from "@dsar/domain"
import { describe, expect, it } from "vitest"
import { machineTransition, switchTransition } from "../src/figures/Transitions.js"

const pairs = Statuses.flatMap((from) => Statuses.map((to) => [from, to] as const))

describe("the transition candidates the bench compares", () => {
  it("the hand-written switch allows exactly the status changes the fast path allows", () => {
    expect(pairs.filter(([from, to]) => switchTransition(from, to) !== mayTransition(from, to))).toEqual([])
  })

  it("the xstate machine allows exactly the status changes the fast path allows", () => {
    expect(pairs.filter(([from, to]) => machineTransition(from, to) !== mayTransition(from, to))).toEqual([])
  })
})
