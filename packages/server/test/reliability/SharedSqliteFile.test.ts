import { createRequestExample } from "@dsar/domain"
import { expect, it } from "vitest"
import { dsar, serve, tempDataDir } from "../support/Process.js"
import { authorized, demoSession } from "../support/Session.js"
import { record } from "./support/Tally.js"

// `dsar` commands may write the data directory's SQLite file while `dsar serve` runs on it (an
// operator creating an organisation, patching a request): the server's writes wait for the lock
// those take, and are never answered 5xx for it.

const CLIENTS = 4
const COMMANDS = 6

it("dsar commands writing the SQLite file of a server under load: no 5xx, every command succeeds", async () => {
  const dataDir = tempDataDir()
  const server = await serve(dataDir)
  const demo = demoSession(server.output().stdout)
  const api = authorized(server.url, await demo.token(server.url))
  const statuses: Array<number> = []
  let done = false
  try {
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (!done) {
        const created = await api("POST", "/dsar/requests", createRequestExample)
        statuses.push(created.status)
        if (created.status === 201) {
          statuses.push(
            (await api("PATCH", `/dsar/requests/${created.body.id}`, { status: "work_in_progress" })).status
          )
        }
      }
    })
    const exits: Array<number | null> = []
    for (let i = 0; i < COMMANDS; i++) {
      exits.push((await dsar(["orgs", "create", "--name", `Org ${i}`, "--data-dir", dataDir])).code)
      const { id } = (await api("POST", "/dsar/requests", createRequestExample)).body
      exits.push(
        (await dsar([
          "requests",
          "patch",
          "--status",
          "refused",
          "--reason",
          "exempt",
          "--data-dir",
          dataDir,
          "--org",
          demo.organization_id!,
          id
        ])).code
      )
    }
    done = true
    await Promise.all(clients)
    const failed = statuses.filter((status) => status >= 500).length + exits.filter((code) => code !== 0).length
    record("shared SQLite file", { loads: 1, inputs: statuses.length + exits.length, losses: failed })
    expect(exits).toEqual(exits.map(() => 0))
    expect(statuses.filter((status) => status !== 201 && status !== 200)).toEqual([])
    expect(statuses.length).toBeGreaterThan(CLIENTS)
  } finally {
    done = true
    await server.stop()
  }
})
