import { setup } from "xstate"
import type { Status } from "./Status.js"

/** `create.<status>` starts a request in that status; `status.<status>` asks to move it there. */
export type LifecycleEvent = { readonly type: `create.${Status}` } | { readonly type: `status.${Status}` }

/** Names of the side effects the machine asks for; `Decide` turns them into `DomainEffect`s. */
export const LifecycleActions = {
  issueApprovalLink: "issueApprovalLink",
  sendStatusNotice: "sendStatusNotice"
} as const

// Transition actions (not entry actions): a request imported as `fulfilled` must not notify anyone.
const notify = <S extends Status>(target: S) => ({ target, actions: LifecycleActions.sendStatusNotice })

/**
 * The status lifecycle of a privacy request, the single source of its rules. It is only ever
 * driven through xstate's pure `transition`: the returned actions are data for the caller to run.
 */
export const lifecycleMachine = setup({
  types: { events: {} as LifecycleEvent },
  actions: {
    [LifecycleActions.issueApprovalLink]: () => {},
    [LifecycleActions.sendStatusNotice]: () => {}
  }
}).createMachine({
  id: "request-lifecycle",
  initial: "new",
  states: {
    new: {
      description: "Not created yet. Any status may be imported; `unverified` starts the approval workflow.",
      on: {
        "create.unverified": { target: "unverified", actions: LifecycleActions.issueApprovalLink },
        "create.verified": "verified",
        "create.work_in_progress": "work_in_progress",
        "create.fulfilled": "fulfilled",
        "create.refused": "refused",
        "create.archived": "archived"
      }
    },
    unverified: {
      on: {
        "status.verified": "verified",
        "status.refused": notify("refused"),
        "status.archived": "archived"
      }
    },
    verified: {
      on: {
        "status.work_in_progress": notify("work_in_progress"),
        "status.fulfilled": notify("fulfilled"),
        "status.refused": notify("refused"),
        "status.archived": "archived"
      }
    },
    work_in_progress: {
      on: {
        "status.fulfilled": notify("fulfilled"),
        "status.refused": notify("refused"),
        "status.archived": "archived"
      }
    },
    fulfilled: {
      on: { "status.archived": "archived" }
    },
    refused: {
      on: { "status.archived": "archived" }
    },
    archived: {
      type: "final"
    }
  }
})

export type LifecycleMachine = typeof lifecycleMachine
