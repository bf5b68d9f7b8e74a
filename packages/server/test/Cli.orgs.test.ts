import { describe, expect, it } from "vitest"
import { dsar, tempDataDir } from "./support/Process.js"

// `dsar orgs settings`: an organisation's look and default language, on its data directory.

describe("dsar orgs settings", () => {
  it(
    "changes the settings given, resets one with none, and refuses a bad value naming it, changing nothing",
    async () => {
      const dataDir = tempDataDir()
      const created = await dsar(["orgs", "create", "--name", "Acme", "--data-dir", dataDir])
      const { organization_id } = JSON.parse(created.stdout) as { organization_id: string }
      const run = (...args: ReadonlyArray<string>) =>
        dsar(["orgs", "settings", "--org", organization_id, "--data-dir", dataDir, ...args])

      const changed = await run(
        "--sender-name",
        "Acme Privacy",
        "--primary-color",
        "#0A7C55",
        "--default-language",
        "fr"
      )
      expect(changed.code, changed.stderr).toBe(0)
      expect(JSON.parse(changed.stdout)).toMatchObject({
        sender_name: "Acme Privacy",
        primary_color: "#0a7c55",
        default_language: "fr"
      })

      const refused = await run("--primary-color", "blue")
      expect(refused.code).not.toBe(0)
      expect(refused.stderr).toContain("primary_color")

      const reset = await run("--sender-name", "none")
      expect(JSON.parse(reset.stdout)).toMatchObject({ sender_name: null, primary_color: "#0a7c55" })
    },
    60_000
  )
})
