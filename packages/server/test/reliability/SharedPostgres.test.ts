import { createRequestExample, createRequestWithApprovalExample } from "@dsar/domain"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { postgresAvailable, temporaryDatabase } from "../support/Postgres.js"
import { dsar, type Running, serve, tempDataDir } from "../support/Process.js"
import { sessionToken } from "../support/Session.js"
import { isValidHistory } from "../support/Lifecycle.js"

describe.runIf(postgresAvailable)("two dsar serve processes sharing one PostgreSQL database", () => {
  let database: ReturnType<typeof temporaryDatabase>
  let servers: Array<Running> = []
  let env: Record<string, string>

  beforeAll(async () => {
    database = temporaryDatabase()
    env = { DATABASE_URL: database.url, SESSION_SECRET: "a shared session secret of 32 bytes or more" }
    servers = [await serve(tempDataDir(), env), await serve(tempDataDir(), env)]
  })

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()))
    database.drop()
  })

  it("answer conflicting changes as if one server had answered them in some order", async () => {
    const { stdout } = await dsar(["orgs", "create", "--name", "Shared", "--data-dir", tempDataDir()], env)
    const { key, secret } = JSON.parse(stdout)
    // One shared SESSION_SECRET: a token from either server works on both.
    const token = await sessionToken(servers[0]!.url, key, secret)
    const call = (server: Running, path: string, method: string, body?: unknown) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })

    for (let round = 0; round < 10; round++) {
      const created = await call(servers[round % 2]!, "/dsar/requests", "POST", createRequestExample)
      expect(created.status).toBe(201)
      const { id } = (await created.json()) as { id: string }
      const targets = ["work_in_progress", "refused", "fulfilled", "archived", "work_in_progress", "fulfilled"]
      const answers = await Promise.all(
        targets.map((status, index) => call(servers[index % 2]!, `/dsar/requests/${id}`, "PATCH", { status }))
      )
      const statuses = answers.map((answer) => answer.status)
      expect(statuses.every((status) => status === 200 || status === 409)).toBe(true)

      const history = (await (await call(servers[0]!, `/dsar/requests/${id}/history`, "GET")).json()) as Array<{
        from_status: string | null
        to_status: string
      }>
      expect(isValidHistory(history)).toBe(true)
      // Every accepted change is in the history once; a refused one is not.
      const accepted = answers.filter((answer) => answer.status === 200).length
      const changes = history.length - 1
      expect(changes).toBeLessThanOrEqual(accepted)
      const final = (await (await call(servers[1]!, `/dsar/requests/${id}`, "GET")).json()) as { status: string }
      expect(final.status).toBe(history.at(-1)!.to_status)
    }
  })

  it("confirm one approval link 50 times at once, through both servers: it applies once, every answer redirects", async () => {
    const { stdout } = await dsar(["orgs", "create", "--name", "Links", "--data-dir", tempDataDir()], env)
    const { key, secret } = JSON.parse(stdout)
    const token = await sessionToken(servers[0]!.url, key, secret)
    const api = (path: string, method: string, body?: unknown) =>
      fetch(`${servers[0]!.url}${path}`, {
        method,
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
    for (let round = 0; round < 3; round++) {
      const created = await api("/dsar/requests", "POST", createRequestWithApprovalExample)
      expect(created.status).toBe(201)
      const request = (await created.json()) as { id: string; validation: { approve_url: string } }
      const path = new URL(request.validation.approve_url).pathname
      // What a browser sends for the confirmation form: no session, a urlencoded POST with no field.
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          fetch(`${servers[i % 2]!.url}${path}`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            redirect: "manual"
          })
        )
      )
      const statuses = answers.map((answer) => answer.status)
      // One applies; each other one loses its compare-and-set at most once, decides again on what
      // is stored now, finds the link used with its event holding, and redirects as already applied.
      expect(statuses.every((status) => status === 303), statuses.join(",")).toBe(true)
      const history = (await (await api(`/dsar/requests/${request.id}/history`, "GET")).json()) as Array<{ actor: { type: string } }>
      expect(history.filter((entry) => entry.actor.type === "link").length).toBe(1)
      expect(((await (await api(`/dsar/requests/${request.id}`, "GET")).json()) as { status: string }).status).toBe("verified")
    }
  })
})
