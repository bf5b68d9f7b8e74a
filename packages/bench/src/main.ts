import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { crudFigures } from "./figures/Crud.js"
import { floorFigures } from "./figures/Floor.js"
import { importCostFigures } from "./figures/ImportCost.js"
import { listFigures } from "./figures/List.js"
import { pageFigures } from "./figures/Pages.js"
import { postgresFigures } from "./figures/Postgres.js"
import { transitionFigures } from "./figures/Transitions.js"
import { describeMachine } from "./Machine.js"
import { planFor } from "./Plan.js"
import { type Figure, figuresBlock, formatLine, writeReport } from "./Report.js"

const report = fileURLToPath(new URL("../../../../docs/benchmarks.md", import.meta.url))
const plan = planFor(process.argv.includes("--quick"))
const machine = describeMachine()
const started = performance.now()
const figures: Array<Figure> = []
const print = (measured: ReadonlyArray<Figure>) => {
  for (const figure of measured) console.log(formatLine(figure))
  for (const figure of measured) figures.push(figure)
}

console.log(`${plan.quick ? "Quick" : "Full"} run on ${machine.cores} cores (${machine.model}), Node ${machine.node}`)
print(transitionFigures(plan))
print(await importCostFigures(plan))
print(await floorFigures(plan))
const crud = await crudFigures(plan)
print(crud.figures)
print(await postgresFigures(plan, crud.dsar))
print(await listFigures(plan))
print(await pageFigures(plan))
const seconds = (performance.now() - started) / 1000
writeReport(report, figuresBlock({ machine, quick: plan.quick, seconds, figures }))
console.log(`Done in ${Math.round(seconds)} s; figures written to ${join("docs", "benchmarks.md")}`)
