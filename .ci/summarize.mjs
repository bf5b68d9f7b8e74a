// Sums the packages' vitest JSON reports into the one line CI reads: "N passed, N failed".
// Every package with a `test` script must have left `.reports/vitest.json`; the reliability suite
// (`pnpm test:reliability`) leaves `.reports/reliability.json` where it runs.
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

let passed = 0
let failed = 0
let skipped = 0
const missing = []
const count = (report) => {
  const json = JSON.parse(readFileSync(report, "utf8"))
  passed += json.numPassedTests
  failed += json.numFailedTests + (json.numRuntimeErrors ?? 0)
  skipped += json.numPendingTests + json.numTodoTests
}
for (const name of readdirSync("packages")) {
  const manifest = JSON.parse(readFileSync(join("packages", name, "package.json"), "utf8"))
  for (const [script, file] of [["test", "vitest.json"], ["test:reliability", "reliability.json"]]) {
    if (manifest.scripts?.[script] === undefined) continue
    const report = join("packages", name, ".reports", file)
    if (existsSync(report)) count(report)
    else missing.push(`${name} (${script})`)
  }
}
if (missing.length > 0) console.log(`no test report from: ${missing.join(", ")}`)
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`)
process.exit(failed > 0 || missing.length > 0 || passed === 0 ? 1 : 0)
