import { RemotePrivacyRequests } from "@dsar/adapters/remote"
import { Properties, runConformance, Wire } from "@dsar/conformance"
import { NodeHttpClient } from "@effect/platform-node"
import { Effect, Layer, Redacted } from "effect"
import { afterAll, beforeAll, describe, expect, test } from "vitest"
import { postgresAvailable, temporaryDatabase } from "./support/Postgres.js"
import { demoCredentials, dsar, type Running, serve, tempDataDir } from "./support/Process.js"

const secondOrganization = async (dataDir: string, env: Record<string, string> = {}) => {
  const created = await dsar(["orgs", "create", "--name", "Other", "--data-dir", dataDir], env)
  expect(created.code).toBe(0)
  return JSON.parse(created.stdout) as { key: string; secret: string }
}

const remote = (url: string, credentials: { key: string; secret: string }) => {
  const options = { baseUrl: url, key: credentials.key, secret: Redacted.make(credentials.secret) }
  return {
    requests: RemotePrivacyRequests.layer(options).pipe(Layer.provide(NodeHttpClient.layerUndici)),
    wire: Wire.layer(options).pipe(Layer.provide(NodeHttpClient.layerUndici))
  }
}

describe("dsar conformance against dsar serve on SQLite", () => {
  let server: Running
  let dataDir: string
  beforeAll(async () => {
    dataDir = tempDataDir()
    server = await serve(dataDir)
  })
  afterAll(() => server.stop())

  test("every property passes, isolation included; the last line counts them and the exit code is 0", async () => {
    const subject = demoCredentials(server.output().stdout)
    const other = await secondOrganization(dataDir)
    const finished = await dsar([
      "conformance",
      "--url",
      server.url,
      "--key",
      subject.key,
      "--secret",
      subject.secret,
      "--other-key",
      other.key,
      "--other-secret",
      other.secret,
      "--runs",
      "10"
    ])
    const lines = finished.stdout.trimEnd().split("\n")
    expect(lines.filter((line) => line.startsWith("pass  "))).toEqual(
      Properties.map((property) => `pass  ${property.name}`)
    )
    expect(lines.at(-1)).toBe(`${Properties.length} passed, 0 failed`)
    expect(finished.code).toBe(0)
  })

  test("without a second organisation, isolation is reported skipped", async () => {
    const subject = demoCredentials(server.output().stdout)
    const finished = await dsar([
      "conformance",
      "--url",
      server.url,
      "--key",
      subject.key,
      "--secret",
      subject.secret,
      "--runs",
      "3"
    ])
    expect(finished.stdout).toContain("skip  another organisation's request is not found")
    expect(finished.stdout.trimEnd().split("\n").at(-1)).toBe(`${Properties.length - 1} passed, 0 failed`)
    expect(finished.code).toBe(0)
  })

  test("wrong credentials end the run with one clear error, before any property", async () => {
    const finished = await dsar([
      "conformance",
      "--url",
      server.url,
      "--key",
      "nope",
      "--secret",
      "wrong",
      "--runs",
      "3"
    ])
    expect(finished.code).toBe(1)
    expect(finished.stderr).toContain("NotAuthenticated")
    expect(finished.stdout).toBe("")
  })
})

describe.skipIf(!postgresAvailable)("runConformance against dsar serve on PostgreSQL", () => {
  let server: Running
  let database: ReturnType<typeof temporaryDatabase>
  let dataDir: string
  beforeAll(async () => {
    database = temporaryDatabase()
    dataDir = tempDataDir()
    server = await serve(dataDir, { DATABASE_URL: database.url }, { args: ["--demo"] })
  })
  afterAll(async () => {
    await server.stop()
    database.drop()
  })

  test("every property passes, isolation included", async () => {
    const subject = remote(server.url, demoCredentials(server.output().stdout))
    const other = remote(server.url, await secondOrganization(dataDir, { DATABASE_URL: database.url }))
    const report = await Effect.runPromise(
      runConformance({ subject: subject.requests, wire: subject.wire, other: other.requests, numRuns: 10 })
    )
    expect(report.failed).toEqual([])
    expect(report.passed).toHaveLength(Properties.length)
  })
})
