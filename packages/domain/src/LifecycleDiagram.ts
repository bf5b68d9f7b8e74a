import { lifecycleMachine } from "./LifecycleMachine.js"

// xstate keeps named actions as their names, inline ones as objects with a `type`.
const actionName = (action: unknown): string =>
  typeof action === "string" ? action : String((action as { readonly type?: unknown }).type ?? "action")

/** A Mermaid state diagram of the lifecycle, read off the machine itself. */
export const lifecycleMermaid = (): string => {
  const lines = ["stateDiagram-v2"]
  for (const [name, node] of Object.entries(lifecycleMachine.states)) {
    const from = name === "new" ? "[*]" : name
    for (const transitions of node.transitions.values()) {
      for (const transition of transitions) {
        const guard = transition.guard === undefined ? [] : [`[${actionName(transition.guard)}]`]
        const labels = [...(name === "new" ? ["create"] : []), ...guard, ...transition.actions.map(actionName)]
        for (const target of transition.target ?? []) {
          lines.push(`  ${from} --> ${target.key}${labels.length === 0 ? "" : ` : ${labels.join(", ")}`}`)
        }
      }
    }
    if (node.type === "final") lines.push(`  ${name} --> [*]`)
  }
  return lines.join("\n") + "\n"
}
