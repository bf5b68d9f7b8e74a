import { createRequestExample } from "@dsar/domain"
import { describe, expect, it } from "vitest"
import { dsar, serve, tempDataDir } from "./support/Process.js"
import { authorized, demoSession, sessionToken } from "./support/Session.js"

describe("the dsar command", () => {
  it("dsar orgs create prints exactly one JSON object: organization_id, key and secret", async () => {
    const { code, stdout } = await dsar(["orgs", "create", "--name", "Acme", "--data-dir", tempDataDir()])
    expect(code).toBe(0)
    const printed = JSON.parse(stdout)
    expect(Object.keys(printed)).toEqual(["organization_id", "key", "secret"])
    expect(stdout.trim().split("\n")).toHaveLength(1)
  })

  it("dsar serve on an empty data directory creates a demo organisation and shows its secret once; a restart keeps the data", async () => {
    const dataDir = tempDataDir()
    const first = await serve(dataDir)
    const demo = demoSession(first.output().stdout)
    expect(demo.secret).toBeDefined()
    const token = await demo.token(first.url)
    const created = await authorized(first.url, token)(
      "POST",
      `/dsar/requests?organization_id=${demo.organization_id}`,
      createRequestExample
    )
    expect(created.status).toBe(201)
    expect(await first.stop("SIGTERM")).toBe(0)

    const second = await serve(dataDir)
    try {
      expect(second.output().stdout).not.toContain("secret")
      const again = await demo.token(second.url)
      const fetched = await authorized(second.url, again)("GET", `/dsar/requests/${created.body.id}`)
      expect(fetched).toEqual({ status: 200, body: created.body })
    } finally {
      await second.stop()
    }
  })

  it("a running server accepts a key from dsar orgs create at once", async () => {
    const dataDir = tempDataDir()
    const running = await serve(dataDir)
    try {
      const { stdout } = await dsar(["orgs", "create", "--name", "Late", "--data-dir", dataDir])
      const { key, secret } = JSON.parse(stdout)
      expect(await sessionToken(running.url, key, secret)).toMatch(/\./)
    } finally {
      await running.stop()
    }
  })

  it("dsar serve logs each answer as one JSON line with its method, URL, status and time", async () => {
    const running = await serve(tempDataDir())
    try {
      expect((await fetch(`${running.url}/health`)).status).toBe(200)
      expect((await fetch(`${running.url}/dsar/requests`)).status).toBe(401)
    } finally {
      await running.stop()
    }
    const lines = running
      .output()
      .stderr.split("\n")
      .filter((line) => line.includes("Sent HTTP response"))
      .map((line) => JSON.parse(line))
    expect(lines.map((line) => line.annotations)).toEqual([
      { "http.method": "GET", "http.url": "/health", "http.status": 200 },
      { "http.method": "GET", "http.url": "/dsar/requests", "http.status": 401 }
    ])
    expect(lines[0]).toMatchObject({
      logLevel: "INFO",
      timestamp: expect.stringMatching(/^\d{4}-/),
      spans: { http: expect.any(Number) }
    })
  })

  it("dsar serve stops on SIGINT too, closing cleanly", async () => {
    const running = await serve(tempDataDir())
    expect(await running.stop("SIGINT")).toBe(0)
  })

  it("a bad PORT stops dsar serve with a message naming it", async () => {
    const { code, stdout, stderr } = await dsar(["serve", "--data-dir", tempDataDir()], { PORT: "99999" })
    expect(code).not.toBe(0)
    expect(stdout + stderr).toContain("PORT must be from 0 to 65535")
  })

  it("a bad PUBLIC_BASE_URL stops dsar serve with a message naming it", async () => {
    const { code, stdout, stderr } = await dsar(["serve", "--data-dir", tempDataDir()], {
      PUBLIC_BASE_URL: "not a url"
    })
    expect(code).not.toBe(0)
    expect(stdout + stderr).toContain("PUBLIC_BASE_URL must be an absolute http(s) URL")
  })

  it("dsar migrate applies the migrations once, then finds the database up to date", async () => {
    const dataDir = tempDataDir()
    const first = await dsar(["migrate", "--data-dir", dataDir])
    expect(first.code).toBe(0)
    expect(first.stderr).toContain("Applied")
    const second = await dsar(["migrate", "--data-dir", dataDir])
    expect(second.stderr).toContain("up to date")
  })
})
