import { readFileSync } from "node:fs"
import { expect, it } from "vitest"
import { lifecycleDoc, lifecycleDocPath } from "../scripts/lifecycle-doc.js"
import { lifecycleMermaid } from "../src/index.js"

it("docs/lifecycle.md is what `pnpm diagram` generates from the machine", () => {
  expect(readFileSync(lifecycleDocPath, "utf8")).toBe(lifecycleDoc())
})

it("the diagram draws every change of the table and marks archived as final", () => {
  const diagram = lifecycleMermaid()
  expect(diagram).toContain("  unverified --> verified : confirmReceipt\n")
  expect(diagram).toContain("  verified --> fulfilled : sendStatusNotice\n")
  expect(diagram).toContain("  [*] --> unverified : create, issueApprovalLink\n")
  expect(diagram).toContain("  archived --> [*]\n")
  expect(diagram.split("\n").filter((line) => line.includes("-->") && !line.includes("[*]")).length).toBe(12)
})
