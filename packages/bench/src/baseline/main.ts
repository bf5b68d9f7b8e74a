import { startBareServer } from "./BareServer.js"
import { peerArgs } from "./Peer.js"

const { dataDir, port } = peerArgs(process.argv.slice(3))
const server = await startBareServer({ dataDir, port })
process.stderr.write(`Listening on http://127.0.0.1:${port}\n`)
process.on("SIGTERM", () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
})
