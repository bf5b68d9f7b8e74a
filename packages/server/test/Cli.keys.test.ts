import { expect, it } from "vitest"
import { dsar, serve, tempDataDir } from "./support/Process.js"

// `dsar keys` on the data directory a server runs on: what it creates logs in at once, what it
// revokes or rotates away is refused at once for new sessions.

const login = (url: string, key: string, secret: string) =>
  fetch(`${url}/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "api-key", key, secret })
  }).then((response) => response.status)

it("dsar keys create, list, revoke and rotate manage an organisation's keys and their labels, never printing a stored secret", async () => {
  const dataDir = tempDataDir()
  const org = JSON.parse((await dsar(["orgs", "create", "--name", "Acme", "--data-dir", dataDir])).stdout)
  const on = (...args: ReadonlyArray<string>) =>
    dsar(["keys", ...args, "--org", org.organization_id, "--data-dir", dataDir])
  const server = await serve(dataDir)
  try {
    const created = await on("create", "--label", "  Zendesk integration ")
    expect(created.code, created.stderr).toBe(0)
    const second = JSON.parse(created.stdout)
    expect(Object.keys(second)).toEqual(["organization_id", "key", "secret"])
    expect(await login(server.url, second.key, second.secret)).toBe(201)

    const rotated = await on("rotate", second.key)
    expect(rotated.code, rotated.stderr).toBe(0)
    const third = JSON.parse(rotated.stdout)
    expect(await login(server.url, second.key, second.secret)).toBe(401)
    expect(await login(server.url, third.key, third.secret)).toBe(201)

    expect((await on("revoke", org.key)).code).toBe(0)
    expect(await login(server.url, org.key, org.secret)).toBe(401)

    const listed = JSON.parse((await on("list", "--json")).stdout)
    expect(
      listed.map((key: { key: string; label?: string; revoked_at?: string }) => [
        key.key,
        key.label,
        key.revoked_at !== undefined
      ])
    ).toEqual([
      [org.key, undefined, true],
      [second.key, "Zendesk integration", true],
      [third.key, "Zendesk integration", false]
    ])
    const table = (await on("list")).stdout
    expect(table).toMatch(new RegExp(`${third.key} .* active  Zendesk integration`))
    for (const secret of [org.secret, second.secret, third.secret]) {
      expect(table + JSON.stringify(listed)).not.toContain(secret)
    }

    const multiline = await on("create", "--label", "two\nlines")
    expect({ code: multiline.code, stdout: multiline.stdout }).toEqual({ code: 1, stdout: "" })
    expect(multiline.stderr).toContain("label: must be one line, without control characters")
    expect(JSON.parse((await on("list", "--json")).stdout)).toHaveLength(3)

    const unknown = await on("revoke", "key_nope")
    expect({ code: unknown.code, stdout: unknown.stdout }).toEqual({ code: 1, stdout: "" })
    expect(unknown.stderr).toMatch(/^NotFound: No active key key_nope/)
  } finally {
    await server.stop()
  }
})
