import { writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { lifecycleDoc, lifecycleDocPath } from "./lifecycle-doc.js"

writeFileSync(lifecycleDocPath, lifecycleDoc())
console.log(`wrote ${fileURLToPath(lifecycleDocPath)}`)
