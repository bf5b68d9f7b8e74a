import { test } from "@fast-check/vitest"
import { Either } from "effect"
import fc from "fast-check"
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
  Statuses,
  TransitionTable,
  type RequestState,
  type Status
} from "../src/index.js"
import { SpecTable, specAllows } from "./support/SpecTable.js"

const status = fc.constantFrom(...Statuses)
const now = new Date("2026-01-01T00:00:00.000Z")
const metadata = fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string(), fc.integer(), fc.boolean()))

const requestIn = (s: Status, meta: Record<string, unknown> = {}): RequestState => ({
  id: RequestId.make("req-1"),
  status: s,
  metadata: meta,
  extra_message_variables: {}
})

/** Whether the xstate machine itself moves `from` to `to`, asked through its pure `transition`. */
const machineMoves = (from: Status, to: Status): boolean => {
  const [next] = transition(lifecycleMachine, lifecycleMachine.resolveState({ value: from }), { type: `status.${to}` })
  return next.value === to
}

describe("the status table (SPEC section 3)", () => {
  test.prop([status, status])("the machine allows exactly the changes of the SPEC table", (from, to) => {
    expect(from !== to && machineMoves(from, to)).toBe(from !== to && SpecTable[from].includes(to))
  })

  test.prop([status, status])("the transition table agrees with the machine on every pair", (from, to) => {
    expect(TransitionTable[from].includes(to)).toBe(from !== to && machineMoves(from, to))
    expect(mayTransition(from, to)).toBe(from === to || machineMoves(from, to))
  })

  it("every pair of statuses is checked against the machine, all 36 of them", () => {
    for (const from of Statuses) for (const to of Statuses) expect(mayTransition(from, to)).toBe(specAllows(from, to))
  })

  test.prop([status])("every status can reach archived", (from) => {
    const reached = new Set<Status>([from])
    for (const s of reached) for (const to of allowedTargets(s)) reached.add(to)
    expect(reached).toContain("archived")
  })

  it("archived is terminal and the only terminal status", () => {
    expect(Statuses.filter(isTerminal)).toEqual(["archived"])
  })

  test.prop([status])("no status changes back to unverified", (from) => {
    expect(allowedTargets(from)).not.toContain("unverified")
  })
})

describe("PATCH status through decide", () => {
  test.prop([status])("a PATCH to the current status is a no-op, never an error", (s) => {
    const decided = decide(requestIn(s), LifecycleCommand.Patch({ patch: { status: s } }), now)
    expect(Either.getOrThrow(decided)).toEqual({ state: requestIn(s), changes: [], effects: [] })
  })

  test.prop([status, status, metadata])("a PATCH whose status change is refused is refused whole, its valid metadata included", (from, to, meta) => {
    fc.pre(!specAllows(from, to))
    const decided = decide(requestIn(from), LifecycleCommand.Patch({ patch: { status: to, metadata: meta } }), now)
    expect(Either.isLeft(decided)).toBe(true)
  })

  test.prop([status, status])("a refused change says from which status to which, and which are allowed", (from, to) => {
    fc.pre(!specAllows(from, to))
    const error = Either.getLeft(decide(requestIn(from), LifecycleCommand.Patch({ patch: { status: to } }), now))
    expect(error._tag === "Some" && error.value).toMatchObject({ _tag: "InvalidTransition", from, to, allowed: SpecTable[from] })
  })

  test.prop([status, status, metadata])("an allowed change records the status change and replaces metadata", (from, to, meta) => {
    fc.pre(from !== to && specAllows(from, to))
    const decision = Either.getOrThrow(decide(requestIn(from), LifecycleCommand.Patch({ patch: { status: to, metadata: meta } }), now))
    expect(decision.state).toEqual(requestIn(to, meta))
    expect(decision.changes).toContainEqual({ field: "status", from, to })
  })

  it("the fulfilled notice carries the download link given in the same PATCH", () => {
    const download_link = "https://files.example.org/export.zip"
    const decision = Either.getOrThrow(
      decide(requestIn("work_in_progress"), LifecycleCommand.Patch({ patch: { status: "fulfilled", extra_message_variables: { download_link } } }), now)
    )
    expect(decision.effects).toEqual([
      expect.objectContaining({ _tag: "SendStatusNotice", status: "fulfilled", extra_message_variables: { download_link } })
    ])
  })
})

describe("creating a request", () => {
  test.prop([status])("a request may be created in any status; only unverified starts the approval workflow", (s) => {
    const decision = Either.getOrThrow(decide(null, LifecycleCommand.Create({ request: requestIn(s), requester_email: "a@example.org" }), now))
    expect(decision.state.status).toBe(s)
    expect(decision.effects).toEqual(
      s === "unverified"
        ? [expect.objectContaining({ _tag: "IssueLink", status: "verified", email: "approval", lifetime: 900, redirect_url: null })]
        : []
    )
  })

  test.prop([status])("an unverified request needs the requester's email; imports in other statuses do not", (s) => {
    const decided = decide(null, LifecycleCommand.Create({ request: requestIn(s), requester_email: null }), now)
    expect(Either.isLeft(decided) && decided.left._tag).toBe(s === "unverified" ? "MissingRequesterEmail" : false)
  })
})
