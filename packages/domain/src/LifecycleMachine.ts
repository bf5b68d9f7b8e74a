import { setup } from "xstate"
import type { Refusal } from "./Refusal.js"
import type { Status } from "./Status.js"

/**
 * `create.<status>` starts a request in that status; `status.<status>` asks to move it there, a
 * move to `refused` with the refusal's reason.
 */
export type LifecycleEvent =
  | { readonly type: `create.${Status}` }
  | { readonly type: `status.${Status}`; readonly refusal?: Refusal | null }

/** Names of the side effects the machine asks for; `Decide` turns them into `DomainEffect`s. */
export const LifecycleActions = {
  issueApprovalLink: "issueApprovalLink",
  sendStatusNotice: "sendStatusNotice",
  /** The requester is told the request was received and by when it will be answered, once their identity is confirmed. */
  confirmReceipt: "confirmReceipt"
} as const

/** Names of the conditions a change needs. */
export const LifecycleGuards = {
  /** The requester is told why a request is refused: a refusal carries its reason. */
  hasRefusalReason: "hasRefusalReason"
} as const

// Transition actions (not entry actions): a request imported as `fulfilled` must not notify anyone.
const notify = <S extends Status>(target: S) => ({ target, actions: LifecycleActions.sendStatusNotice })

// Imports (`create.refused`) may lack a reason: they record refusals made elsewhere.
const refuse = { ...notify("refused"), guard: LifecycleGuards.hasRefusalReason }

/**
 * The status lifecycle of a privacy request, the single source of its rules. It is only ever
 * driven through xstate's pure `transition`: the returned actions are data for the caller to run.
 */
export const lifecycleMachine = setup({
  types: { events: {} as LifecycleEvent },
  guards: {
    [LifecycleGuards.hasRefusalReason]: ({ event }) => "refusal" in event && event.refusal != null
  },
  actions: {
    [LifecycleActions.issueApprovalLink]: () => {},
    [LifecycleActions.sendStatusNotice]: () => {},
    [LifecycleActions.confirmReceipt]: () => {}
  }
}).createMachine({
  id: "request-lifecycle",
  initial: "new",
  states: {
    new: {
      description: "Not created yet. Any status may be imported; `unverified` starts the approval workflow.",
      on: {
        "create.unverified": { target: "unverified", actions: LifecycleActions.issueApprovalLink },
        "create.verified": { target: "verified", actions: LifecycleActions.confirmReceipt },
        "create.work_in_progress": "work_in_progress",
        "create.fulfilled": "fulfilled",
        "create.refused": "refused",
        "create.archived": "archived"
      }
    },
    unverified: {
      on: {
        "status.verified": { target: "verified", actions: LifecycleActions.confirmReceipt },
        "status.refused": refuse,
        "status.archived": "archived"
      }
    },
    verified: {
      on: {
        "status.work_in_progress": notify("work_in_progress"),
        "status.fulfilled": notify("fulfilled"),
        "status.refused": refuse,
        "status.archived": "archived"
      }
    },
    work_in_progress: {
      on: {
        "status.fulfilled": notify("fulfilled"),
        "status.refused": refuse,
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
