import { randomBytes } from "node:crypto"
import { expect, it } from "vitest"
import { postgresAvailable, temporaryDatabase } from "../support/Postgres.js"
import { dsar, type Running, serve, tempDataDir } from "../support/Process.js"
import { sessionToken } from "../support/Session.js"
import { record } from "./support/Tally.js"

// Two servers on one PostgreSQL database, both answering GETs with a token under load: once
// `dsar keys revoke` returns (or `DELETE /sessions` is answered by one of them), every server
// refuses the token within 5 s, and never accepts it again.

const BOUND_MS = 5_000
const CLIENTS_PER_SERVER = 3

const status = (url: string, token: string) =>
  fetch(`${url}/dsar/requests?$limit=1`, { headers: { authorization: `Bearer ${token}` } })
    .then(async (response) => (await response.arrayBuffer(), response.status))
    .catch(() => 0)

interface Answered {
  readonly server: number
  readonly sentAt: number
  readonly at: number
  readonly status: number
}

/** Clients GETting with `token` on every server, until stopped: what each answered, and when. */
const underLoad = (servers: ReadonlyArray<Running>, token: string) => {
  const answers: Array<Answered> = []
  let running = true
  const clients = servers.flatMap((server, index) =>
    Array.from({ length: CLIENTS_PER_SERVER }, async () => {
      while (running) {
        const sentAt = performance.now()
        answers.push({ server: index, sentAt, status: await status(server.url, token), at: performance.now() })
      }
    })
  )
  return {
    answers,
    stop: async () => {
      running = false
      await Promise.all(clients)
    }
  }
}

/**
 * For each server: how long after `since` it first refused the token, how often it accepted the
 * token when asked after that, and any other answer.
 */
const reach = (answers: ReadonlyArray<Answered>, servers: number, since: number) =>
  Array.from({ length: servers }, (_, server) => {
    const mine = answers.filter((answer) => answer.server === server && answer.at >= since)
    const refusedAt = Math.min(...mine.filter((answer) => answer.status === 401).map((answer) => answer.at))
    return {
      refusedAfterMs: refusedAt - since,
      // A GET already in flight when the first refusal came back may still be answered 200; one
      // sent after it must not be.
      acceptedAgain: mine.filter((answer) => answer.sentAt > refusedAt && answer.status === 200).length,
      other: mine.filter((answer) => answer.status !== 200 && answer.status !== 401).length
    }
  })

it.runIf(postgresAvailable)(
  "a key revoked by dsar keys revoke, and a session ended on one server: refused by both servers within 5 s",
  async () => {
    const database = temporaryDatabase()
    const env = { DATABASE_URL: database.url, SESSION_SECRET: randomBytes(32).toString("base64url") }
    const servers: Array<Running> = []
    try {
      const org = JSON.parse(
        (await dsar(["orgs", "create", "--name", "Acme", "--data-dir", tempDataDir()], env)).stdout
      )
      servers.push(await serve(tempDataDir(), env), await serve(tempDataDir(), env))
      const [first, second] = servers as [Running, Running]

      // A session ended on the first server.
      const ended = await sessionToken(first.url, org.key, org.secret)
      const endLoad = underLoad(servers, ended)
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      const endedAt = performance.now()
      const answer = await fetch(`${first.url}/sessions`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${ended}` }
      })
      expect(answer.status).toBe(204)
      await new Promise((resolve) => setTimeout(resolve, BOUND_MS + 1_000))
      await endLoad.stop()
      const afterEnd = reach(endLoad.answers, 2, endedAt)

      // The key revoked from the command line.
      const token = await sessionToken(second.url, org.key, org.secret)
      const keyLoad = underLoad(servers, token)
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      const revoked = await dsar(
        ["keys", "revoke", org.key, "--org", org.organization_id, "--data-dir", tempDataDir()],
        env
      )
      const revokedAt = performance.now()
      expect(revoked.code, revoked.stderr).toBe(0)
      await new Promise((resolve) => setTimeout(resolve, BOUND_MS + 1_000))
      await keyLoad.stop()
      const afterRevoke = reach(keyLoad.answers, 2, revokedAt)

      const all = [...afterEnd, ...afterRevoke]
      const late = all.filter((server) => server.refusedAfterMs > BOUND_MS).length
      const accepted = all.reduce((sum, server) => sum + server.acceptedAgain + server.other, 0)
      record("revocation across two servers", {
        loads: 2,
        faults: 2,
        inputs: endLoad.answers.length + keyLoad.answers.length,
        losses: late + accepted
      })
      console.log(`refused after (ms): ${all.map((server) => Math.round(server.refusedAfterMs)).join(", ")}`)
      expect(
        all.map((server) => ({
          inTime: server.refusedAfterMs <= BOUND_MS,
          acceptedAgain: server.acceptedAgain,
          other: server.other
        }))
      )
        .toEqual(all.map(() => ({ inTime: true, acceptedAgain: 0, other: 0 })))
      expect(await sessionToken(first.url, org.key, org.secret).catch(() => "refused")).toBe("refused")
    } finally {
      await Promise.all(servers.map((server) => server.stop()))
      database.drop()
    }
  }
)
