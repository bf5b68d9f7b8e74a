import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { describe, expect, it } from "vitest"

const src = join(import.meta.dirname, "../src")

/** Every specifier the module at `path` imports or re-exports. */
const importsOf = (path: string): ReadonlyArray<string> =>
  [
    ...readFileSync(path, "utf8").matchAll(
      /^(?:import|export)\s+(?:type\s+)?(?:\{[^}]*\}|\*(?:\s+as\s+\w+)?|\w+)(?:\s*,\s*\{[^}]*\})?\s+from\s+"([^"]+)"/gm
    )
  ].map((match) => match[1]!)

/** The packages a module loads, through every local module it reaches. */
const packagesReached = (entry: string): ReadonlySet<string> => {
  const seen = new Set<string>()
  const packages = new Set<string>()
  const visit = (path: string) => {
    if (seen.has(path)) return
    seen.add(path)
    for (const specifier of importsOf(path)) {
      if (specifier.startsWith(".")) visit(join(dirname(path), specifier.replace(/\.js$/, ".ts")))
      else packages.add(specifier)
    }
  }
  visit(join(src, entry))
  return packages
}

describe("the package's entry points", () => {
  it("the lifecycle entry loads no package at all", () => {
    expect([...packagesReached("lifecycle.ts")]).toEqual([])
  })

  it("the main entry never loads fast-check: the specification is its own entry", () => {
    expect([...packagesReached("index.ts")].sort()).toEqual(["effect", "xstate"])
    expect([...packagesReached("spec/index.ts")]).toContain("fast-check")
  })
})
