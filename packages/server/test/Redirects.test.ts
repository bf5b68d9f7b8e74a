import { createRequestWithApprovalExample } from "@dsar/domain"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { postgresAvailable, temporaryDatabase } from "./support/Postgres.js"
import { dsar, type Finished, type Running, serve, tempDataDir } from "./support/Process.js"
import { authorized, sessionToken } from "./support/Session.js"

// Where a confirmed link sends the requester: the organisation's default redirect URL, checked
// against its redirect domains when it is created, else the server's own thank-you page.

const orgsCreate = (...args: ReadonlyArray<string>) =>
  dsar(["orgs", "create", "--name", "Acme", "--data-dir", tempDataDir(), ...args])

/** Refused on stderr in a line or two a person can act on: no stack trace, nothing on stdout. */
const refused = (finished: Finished, first: string) => {
  expect(finished.code).toBe(1)
  expect(finished.stdout).toBe("")
  expect(finished.stderr.trimEnd().split("\n")[0]).toBe(first)
  expect(finished.stderr).not.toMatch(/\n\s+at /)
}

describe("dsar orgs create: redirect URL and domains", () => {
  it("a default redirect URL outside the redirect domains is refused", async () => {
    refused(
      await orgsCreate("--redirect-url", "https://evil.example/", "--redirect-domain", "good.example"),
      "BadRequest: Invalid input: default_redirect_url must be on one of the redirect domains (good.example)"
    )
  })

  it("an empty redirect domain is refused, not read as any domain", async () => {
    refused(
      await orgsCreate("--redirect-domain", ""),
      "UsageError: --redirect-domain was given an empty value (see dsar orgs create --help)"
    )
  })

  it("a URL given as a domain is refused, naming it", async () => {
    const finished = await orgsCreate(
      "--redirect-domain",
      "https://good.example/",
      "--redirect-url",
      "https://good.example/x"
    )
    refused(
      finished,
      "BadRequest: Invalid input: redirect_domains.0 must be a host name such as example.org (no scheme, port or path)"
    )
  })

  it("a domain in capitals allows its subdomains; the default URL on one of them is accepted", async () => {
    const finished = await orgsCreate(
      "--redirect-domain",
      "Good.Example",
      "--redirect-url",
      "https://www.good.example/thanks"
    )
    expect(finished.code, finished.stderr).toBe(0)
  })

  it("without --redirect-url, domains that do not hold the server's own page are refused", async () => {
    const finished = await orgsCreate("--redirect-domain", "good.example")
    expect(finished.code).toBe(1)
    expect(finished.stderr).toContain("default_redirect_url must be on one of the redirect domains")
  })
})

describe("the thank-you page", () => {
  let server: Running
  let api: ReturnType<typeof authorized>

  beforeAll(async () => {
    const dataDir = tempDataDir()
    const created = await dsar(["orgs", "create", "--name", "Acme", "--data-dir", dataDir])
    const { key, secret } = JSON.parse(created.stdout)
    server = await serve(dataDir)
    api = authorized(server.url, await sessionToken(server.url, key, secret))
  })
  afterAll(() => server.stop())

  it("an organisation created without --redirect-url sends a confirmed requester to /links/done", async () => {
    const created = await api("POST", "/dsar/requests", createRequestWithApprovalExample)
    const path = new URL(created.body.validation.approve_url).pathname
    const confirmed = await fetch(`${server.url}${path}`, { method: "POST", redirect: "manual" })
    expect(confirmed.status).toBe(303)
    expect(new URL(confirmed.headers.get("location")!).pathname).toBe("/links/done")
  })

  it("is an HTML page with the link pages' headers", async () => {
    const page = await fetch(`${server.url}/links/done`)
    expect(page.status).toBe(200)
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8")
    expect(page.headers.get("cache-control")).toBe("no-store")
    expect(page.headers.get("x-content-type-options")).toBe("nosniff")
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'")
    expect(await page.text()).toContain("<h1>Thank you</h1>")
  })
})

describe.runIf(postgresAvailable)("the demo organisation on PostgreSQL", () => {
  const starts = async (env: Record<string, string>, args: ReadonlyArray<string> = []) => {
    const database = temporaryDatabase()
    const server = await serve(tempDataDir(), { DATABASE_URL: database.url, ...env }, { args })
    const { stdout } = server.output()
    await server.stop()
    database.drop()
    return stdout
  }

  it("is not created on an empty database unless asked for", async () => {
    expect(await starts({})).not.toContain("A demo organisation was created")
  })

  it("is created with DEMO_ORGANIZATION=true or --demo", async () => {
    expect(await starts({ DEMO_ORGANIZATION: "true" })).toContain("A demo organisation was created")
    expect(await starts({}, ["--demo"])).toContain("A demo organisation was created")
  })
})
