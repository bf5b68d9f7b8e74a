import { chmodSync, statSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { dsar, serve, tempDataDir } from "./support/Process.js"

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8)

describe("the data directory", () => {
  it("dsar serve keeps the data directory 0700, and the database, its WAL and shared memory and the session key 0600", async () => {
    const dataDir = tempDataDir()
    chmodSync(dataDir, 0o755)
    const server = await serve(dataDir)
    try {
      const files = ["dsar.sqlite", "dsar.sqlite-wal", "dsar.sqlite-shm", "session.key"]
      expect([mode(dataDir), ...files.map((file) => mode(join(dataDir, file)))]).toEqual([
        "700",
        "600",
        "600",
        "600",
        "600"
      ])
    } finally {
      await server.stop()
    }
  })

  it("a command creating the data directory creates it 0700", async () => {
    const dataDir = join(tempDataDir(), "new")
    expect((await dsar(["orgs", "create", "--name", "Acme", "--data-dir", dataDir])).code).toBe(0)
    expect([mode(dataDir), mode(join(dataDir, "dsar.sqlite")), mode(join(dataDir, "session.key"))]).toEqual([
      "700",
      "600",
      "600"
    ])
  })
})
