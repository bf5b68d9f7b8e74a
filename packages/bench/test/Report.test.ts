import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { figuresBlock, formatLine, writeReport } from "../src/Report.js"

const machine = { cores: 2, model: "Test CPU", memoryGiB: 24, node: "v20.0.0", date: "2026-01-02T03:04:05.000Z" }
const figures = [
  { name: "Met", measured: "2x", goal: { text: ">= 1x", met: true } },
  { name: "Missed", measured: "0.5x", goal: { text: ">= 1x", met: false } },
  { name: "Informational", measured: "3 k/s" }
]

describe("the benchmark report", () => {
  it("prints one line per figure with its goal and verdict", () => {
    expect(figures.map(formatLine)).toEqual([
      "Met: 2x | goal >= 1x: PASS",
      "Missed: 0.5x | goal >= 1x: MISS",
      "Informational: 3 k/s"
    ])
  })

  it("replaces only the figures between the markers, keeping the hand-written text around them", () => {
    const path = join(mkdtempSync(join(tmpdir(), "bench-report-")), "benchmarks.md")
    writeReport(path, figuresBlock({ machine, quick: true, seconds: 10, figures }))
    writeFileSync(path, `# Title\n\nBefore.\n\n${readFileSync(path, "utf8").replace("# Benchmarks\n\n", "")}\nAfter.\n`)
    writeReport(path, figuresBlock({ machine, quick: false, seconds: 20, figures: figures.slice(0, 1) }))
    const text = readFileSync(path, "utf8")
    expect(text).toMatch(/^# Title\n\nBefore\.\n\n<!-- bench:figures:start -->/)
    expect(text).toMatch(/<!-- bench:figures:end -->\n\nAfter\.\n$/)
    expect(text).toContain("full run, 20 s): 2 cores (Test CPU), 24 GiB, Node v20.0.0.")
    expect(text).toContain("| Met | 2x | >= 1x | PASS |")
    expect(text).not.toContain("Missed")
  })
})
