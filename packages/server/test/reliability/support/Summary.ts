import { existsSync, readFileSync, rmSync } from "node:fs"
import { type Tally, tallyFile } from "./Tally.js"

// Vitest's global setup: clears the tallies before the suite, prints their sum after it.

export const setup = () => rmSync(tallyFile, { force: true })

export const teardown = () => {
  const rows = existsSync(tallyFile)
    ? readFileSync(tallyFile, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Tally & { readonly test: string })
    : []
  const total = (key: keyof Tally) => rows.reduce((sum, row) => sum + row[key], 0)
  const width = Math.max(4, ...rows.map((row) => row.test.length))
  const line = (name: string, ...cells: ReadonlyArray<string | number>) =>
    [name.padEnd(width), ...cells.map((cell) => String(cell).padStart(8))].join("  ")
  console.log(
    [
      "",
      "Reliability summary",
      line("test", "loads", "faults", "inputs", "losses"),
      ...rows.map((row) => line(row.test, row.loads, row.faults, row.inputs, row.losses)),
      line("total", total("loads"), total("faults"), total("inputs"), total("losses")),
      `loads held: ${total("loads")}, faults injected: ${total("faults")}, inputs tried: ${total("inputs")}, losses: ${
        total("losses")
      } (must be 0)`,
      ""
    ].join("\n")
  )
}
