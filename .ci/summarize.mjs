// Sums the packages' vitest JSON reports into the one line CI reads: "N passed, N failed".
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

const packages = readdirSync("packages")
let passed = 0
let failed = 0
let skipped = 0
const missing = []
for (const name of packages) {
  const report = join("packages", name, ".reports", "vitest.json")
  if (!existsSync(report)) {
    missing.push(name)
    continue
  }
  const json = JSON.parse(readFileSync(report, "utf8"))
  passed += json.numPassedTests
  failed += json.numFailedTests + (json.numRuntimeErrors ?? 0)
  skipped += json.numPendingTests + json.numTodoTests
}
if (missing.length > 0) console.log(`no test report from: ${missing.join(", ")}`)
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`)
process.exit(failed > 0 || missing.length > 0 || passed === 0 ? 1 : 0)
