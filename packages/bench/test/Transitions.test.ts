import { mayTransition, Statuses } from "@dsar/domain"
import { describe, expect, it } from "vitest"
import { machineTransition } from "../src/figures/Transitions.js"

const pairs = Statuses.flatMap((from) => Statuses.map((to) => [from, to] as const))

describe("the transition candidates the bench compares", () => {
  it("the xstate machine allows exactly the status changes the table allows", () => {
    expect(pairs.filter(([from, to]) => machineTransition(from, to) !== mayTransition(from, to))).toEqual([])
  })
})
