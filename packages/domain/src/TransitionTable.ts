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

/** Whether a PATCH from `from` to `to` is accepted: a change the table allows, or no change at all. */
export const mayTransition = (from: Status, to: Status): boolean => from === to || TransitionTable.get(from)?.has(to) === true

export const isTerminal = (status: Status): boolean => TransitionTable.get(status)?.size === 0
