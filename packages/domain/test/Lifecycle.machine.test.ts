import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { transition } from "xstate"
import {
  allowedTargets,
  decide,
  isTerminal,
  LifecycleCommand,
  lifecycleMachine,
  mayTransition,
  RequestId,
  type RequestState,
  type Status,
  Statuses,
  TransitionTable
} from "../src/index.js"
import * as lifecycle from "../src/lifecycle.js"
import { SpecTable } from "../src/spec/index.js"

const now = new Date("2026-01-01T00:00:00.000Z")
const pairs = Statuses.flatMap((from) => Statuses.map((to) => [from, to] as const))

const requestIn = (s: Status): RequestState => ({
  id: RequestId.make("req-1"),
  status: s,
  metadata: {},
  extra_message_variables: {}
})

const refusal = { reason: "exempt" } as const

/**
 * Whether the xstate machine itself moves `from` to `to`, asked through its pure `transition`; a
 * refusal is asked with its reason unless `reasoned` is false.
 */
const machineMoves = (from: Status, to: Status, reasoned = true): boolean => {
  const [next] = transition(lifecycleMachine, lifecycleMachine.resolveState({ value: from }), {
    type: `status.${to}`,
    ...(reasoned ? { refusal } : {})
  })
  return next.value === to
}

describe("the status table (SPEC section 3)", () => {
  it("the machine allows exactly the changes of the SPEC table, all 36 pairs", () => {
    expect(pairs.filter(([from, to]) => from !== to && machineMoves(from, to) !== SpecTable[from].includes(to)))
      .toEqual([])
  })

  it("the plain table equals what the machine allows, for every pair", () => {
    expect(pairs.filter(([from, to]) => from !== to && TransitionTable[from].includes(to) !== machineMoves(from, to)))
      .toEqual([])
    expect(pairs.filter(([from, to]) => mayTransition(from, to) !== (from === to || machineMoves(from, to)))).toEqual(
      []
    )
  })

  it("the main entry re-exports the lifecycle entry's one definition", () => {
    expect(TransitionTable).toBe(lifecycle.TransitionTable)
    expect(mayTransition).toBe(lifecycle.mayTransition)
  })

  it("the plain table cannot be changed at run time", () => {
    expect(Object.isFrozen(TransitionTable) && Statuses.every((s) => Object.isFrozen(TransitionTable[s]))).toBe(true)
  })

  it("allowedTargets lists, in lifecycle order, the other statuses mayTransition accepts", () => {
    for (const from of Statuses) {
      expect(allowedTargets(from)).toEqual(Statuses.filter((to) => to !== from && mayTransition(from, to)))
    }
  })

  it("the machine moves a request to refused only with a reason, from every status that may refuse", () => {
    const refusing = Statuses.filter((from) => TransitionTable[from].includes("refused"))
    expect(refusing).toEqual(["unverified", "verified", "work_in_progress"])
    expect(refusing.filter((from) => machineMoves(from, "refused", false))).toEqual([])
  })

  it("archived is terminal and the only terminal status", () => {
    expect(Statuses.filter(isTerminal)).toEqual(["archived"])
  })
})

describe("PATCH status through decide", () => {
  it("the fulfilled notice carries the download link given in the same PATCH", () => {
    const download_link = "https://files.example.org/export.zip"
    const decision = Either.getOrThrow(
      decide(
        requestIn("work_in_progress"),
        LifecycleCommand.Patch({ patch: { status: "fulfilled", extra_message_variables: { download_link } } }),
        now
      )
    )
    expect(decision.effects).toEqual([
      expect.objectContaining({
        _tag: "SendStatusNotice",
        status: "fulfilled",
        extra_message_variables: { download_link }
      })
    ])
  })
})
