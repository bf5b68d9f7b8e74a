import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { dsar, tempDataDir } from "./support/Process.js"

// `dsar orgs settings` and `dsar templates`: an organisation's look, default language and email
// templates, on its data directory.

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

  it(
    "gives a slug lower-cased, refuses one another organisation holds naming slug, and frees it with none",
    async () => {
      const dataDir = tempDataDir()
      const orgId = async () =>
        (JSON.parse((await dsar(["orgs", "create", "--name", "Acme", "--data-dir", dataDir])).stdout) as {
          organization_id: string
        }).organization_id
      const [first, second] = [await orgId(), await orgId()]
      const run = (org: string, slug: string) =>
        dsar(["orgs", "settings", "--org", org, "--data-dir", dataDir, "--slug", slug])

      const given = await run(first, "Acme-Corp")
      expect(given.code, given.stderr).toBe(0)
      expect(JSON.parse(given.stdout)).toMatchObject({ slug: "acme-corp" })

      const taken = await run(second, "acme-corp")
      expect(taken.code).not.toBe(0)
      expect(taken.stderr).toContain("slug")

      expect(JSON.parse((await run(first, "none")).stdout)).toMatchObject({ slug: null })
      expect(JSON.parse((await run(second, "acme-corp")).stdout)).toMatchObject({ slug: "acme-corp" })
    },
    60_000
  )
})

describe("dsar templates", () => {
  it(
    "sets a checked template from files, lists it as custom, previews it with sample data, and resets it",
    async () => {
      const dataDir = tempDataDir()
      const created = await dsar(["orgs", "create", "--name", "Acme", "--data-dir", dataDir])
      const { organization_id } = JSON.parse(created.stdout) as { organization_id: string }
      const run = (...args: ReadonlyArray<string>) =>
        dsar(["templates", ...args, "--org", organization_id, "--data-dir", dataDir])
      const text = join(dataDir, "approval.txt")
      const html = join(dataDir, "approval.html")
      writeFileSync(text, "Open {{url}}\n")
      writeFileSync(html, "<p>{{nope}}</p>")

      const refused = await run(
        "set",
        "approval",
        "--subject",
        "Hi {{organization_name}}",
        "--text-file",
        text,
        "--html-file",
        html
      )
      expect(refused.code).not.toBe(0)
      expect(refused.stderr).toContain("html: {{nope}} is not a variable of this email")
      expect((await run("list")).stdout).toContain("approval  en  built-in")

      writeFileSync(html, `<p><a href="{{url}}">Open</a></p>`)
      const saved = await run(
        "set",
        "approval",
        "--subject",
        "Hi {{organization_name}}",
        "--text-file",
        text,
        "--html-file",
        html
      )
      expect(saved.code, saved.stderr).toBe(0)
      expect((await run("list")).stdout).toContain("approval  en  custom")
      expect((await run("preview", "approval")).stdout).toMatch(
        /^Subject: Hi Acme\n\nOpen https:\/\/dsar\.example\.org\/links\/preview\n/
      )
      expect(JSON.parse((await run("reset", "approval")).stdout).custom).toBe(false)
    },
    60_000
  )
})
