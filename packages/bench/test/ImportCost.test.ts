import { describe, expect, it } from "vitest"
import { bundleBytes, importCpuSeconds } from "../src/figures/ImportCost.js"

describe("the import-cost figures", () => {
  it("bundle what a source imports: mayTransition alone weighs a fraction of decide, which brings effect", async () => {
    const lifecycle = await bundleBytes(
      `import { mayTransition } from "@dsar/domain/lifecycle"\nconsole.log(mayTransition)`
    )
    const decide = await bundleBytes(`import { decide } from "@dsar/domain"\nconsole.log(decide)`)
    expect(lifecycle).toBeGreaterThan(0)
    expect(decide).toBeGreaterThan(lifecycle * 10)
  })

  it("time an import in a fresh process, and fail on a module that cannot be imported", async () => {
    expect(await importCpuSeconds("@dsar/domain/lifecycle", 1)).toBeGreaterThan(0)
    await expect(importCpuSeconds("@dsar/no-such-package", 1)).rejects.toThrow()
  })
})
