import { existsSync, readFileSync, writeFileSync } from "node:fs"
import type { Machine } from "./Machine.js"

/** One printed line: what was measured, and the goal it is held to when it has one. */
export interface Figure {
  readonly name: string
  readonly measured: string
  readonly goal?: { readonly text: string; readonly met: boolean }
}

const verdict = (figure: Figure) => (figure.goal === undefined ? "" : figure.goal.met ? "PASS" : "MISS")

export const formatLine = (figure: Figure) =>
  figure.goal === undefined
    ? `${figure.name}: ${figure.measured}`
    : `${figure.name}: ${figure.measured} | goal ${figure.goal.text}: ${verdict(figure)}`

export const round = (value: number, digits = 2) =>
  Number(value.toFixed(digits)).toLocaleString("en-US", { maximumFractionDigits: digits })

const START = "<!-- bench:figures:start -->"
const END = "<!-- bench:figures:end -->"

export const figuresBlock = (
  run: {
    readonly machine: Machine
    readonly quick: boolean
    readonly seconds: number
    readonly figures: ReadonlyArray<Figure>
  }
) =>
  [
    START,
    `Written by \`pnpm bench${run.quick ? " --quick" : ""}\` on ${run.machine.date.slice(0, 10)} (${
      run.quick ? "quick" : "full"
    } run, ${Math.round(run.seconds)} s): ` +
    `${run.machine.cores} cores (${run.machine.model}), ${run.machine.memoryGiB} GiB, Node ${run.machine.node}.`,
    "",
    "| Figure | Measured | Goal | |",
    "| --- | --- | --- | --- |",
    ...run.figures.map((figure) =>
      `| ${figure.name} | ${figure.measured} | ${figure.goal?.text ?? ""} | ${verdict(figure)} |`
    ),
    END
  ].join("\n")

/**
 * Puts the figures between the markers of the report, keeping the text around them (the method
 * and the analysis are written by hand); a report without markers is started anew.
 */
export const writeReport = (path: string, block: string) => {
  const previous = existsSync(path) ? readFileSync(path, "utf8") : ""
  const start = previous.indexOf(START)
  const end = previous.indexOf(END)
  const next = start >= 0 && end > start
    ? `${previous.slice(0, start)}${block}${previous.slice(end + END.length)}`
    : `# Benchmarks\n\n${block}\n`
  writeFileSync(path, next)
}
