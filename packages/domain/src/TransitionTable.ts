import { lifecycleMachine } from "./LifecycleMachine.js"
import { Statuses, type Status } from "./Status.js"

const STATUS_EVENT = "status."

/** Status changes the machine allows, read off its states once: the fast path for "may X go to Y?". */
export const TransitionTable: ReadonlyMap<Status, ReadonlySet<Status>> = new Map(
  Statuses.map((from) => [
    from,
    new Set(
      lifecycleMachine.states[from].ownEvents
        .filter((event) => event.startsWith(STATUS_EVENT))
        .map((event) => event.slice(STATUS_EVENT.length) as Status)
    )
  ])
)

/** The statuses `from` can change to (excluding itself). */
export const allowedTargets = (from: Status): ReadonlyArray<Status> => Statuses.filter((to) => TransitionTable.get(from)?.has(to))

// The same table as one array of targets per status, picked by a switch on constant names: V8
// compiles that to a few pointer comparisons, where a Map and Set lookup per check hashes both
// strings. The bench holds the fast path to 0.8 of a hand-written switch; the Map measured 0.16.
const Targets: { readonly [S in Status]: ReadonlyArray<Status> } = {
  unverified: allowedTargets("unverified"),
  verified: allowedTargets("verified"),
  work_in_progress: allowedTargets("work_in_progress"),
  fulfilled: allowedTargets("fulfilled"),
  refused: allowedTargets("refused"),
  archived: allowedTargets("archived")
}

const targetsOf = (from: Status): ReadonlyArray<Status> => {
  switch (from) {
    case "unverified":
      return Targets.unverified
    case "verified":
      return Targets.verified
    case "work_in_progress":
      return Targets.work_in_progress
    case "fulfilled":
      return Targets.fulfilled
    case "refused":
      return Targets.refused
    case "archived":
      return Targets.archived
  }
}

/** Whether a PATCH from `from` to `to` is accepted: a change the table allows, or no change at all. */
export const mayTransition = (from: Status, to: Status): boolean => {
  if (from === to) return true
  const targets = targetsOf(from)
  // An indexed loop: `for...of` and `includes` measured a third slower here.
  for (let i = 0; i < targets.length; i++) if (targets[i] === to) return true
  return false
}

export const isTerminal = (status: Status): boolean => targetsOf(status).length === 0
