import { lifecycleMachine } from "./LifecycleMachine.js"

const actionLabel = (actions: ReadonlyArray<{ readonly type: string }>) =>
  actions.length === 0 ? "" : ` : ${actions.map((action) => action.type).join(", ")}`

/** A Mermaid state diagram of the lifecycle, read off the machine itself. */
export const lifecycleMermaid = (): string => {
  const lines = ["stateDiagram-v2"]
  for (const [name, node] of Object.entries(lifecycleMachine.states)) {
    for (const transitions of node.transitions.values()) {
      for (const t of transitions) {
        for (const target of t.target ?? []) {
          const from = name === "new" ? "[*]" : name
          const label = name === "new" ? ` : create${actionLabel(t.actions as ReadonlyArray<{ type: string }>).replace(" : ", ", ")}` : actionLabel(t.actions as ReadonlyArray<{ type: string }>)
          lines.push(`  ${from} --> ${target.key}${label}`)
        }
      }
    }
    if (node.type === "final") lines.push(`  ${name} --> [*]`)
  }
  return lines.join("\n") + "\n"
}
