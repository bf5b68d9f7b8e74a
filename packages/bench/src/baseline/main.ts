import { parseArgs } from "node:util"
import { startBareServer } from "./BareServer.js"

// Takes the arguments `dsar serve` takes, so the bench starts both the same way.
const { values } = parseArgs({
  args: process.argv.slice(3),
  options: { port: { type: "string" }, "data-dir": { type: "string" } }
})
const port = Number(values.port)
const server = await startBareServer({ dataDir: values["data-dir"] ?? "./data", port })
process.stderr.write(`Listening on http://127.0.0.1:${port}\n`)
process.on("SIGTERM", () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
})
