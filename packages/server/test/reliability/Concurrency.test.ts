import { createRequestExample, createRequestWithApprovalExample } from "@dsar/domain"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { isValidHistory, SpecTable, statusBody } from "../support/Lifecycle.js"
import { postgresAvailable, temporaryDatabase } from "../support/Postgres.js"
import { dsar, type Running, serve, tempDataDir } from "../support/Process.js"
import { authorized, sessionToken } from "../support/Session.js"
import { record } from "./support/Tally.js"

// Many clients at once, against one server on SQLite, and against two server processes sharing one
// PostgreSQL database (each client talks to one of them): conflicting PATCHes and link
// confirmations have exactly one winner each time, no invalid transition is ever stored, and the
// first requests of one new user, sent at once, are all created.

const CLIENTS = 50
const ROUNDS = 10

interface Change {
  readonly from_status: string | null
  readonly to_status: string
  readonly actor: { readonly type: string }
}

const setups = [
  { name: "one server on SQLite", run: true, servers: 1, database: () => ({ env: {}, drop: () => {} }) },
  {
    name: "two servers on one PostgreSQL",
    run: postgresAvailable,
    servers: 2,
    database: () => {
      const database = temporaryDatabase()
      // One shared SESSION_SECRET: a token from either server works on both.
      return {
        env: { DATABASE_URL: database.url, SESSION_SECRET: "a shared session secret of 32 bytes or more" },
        drop: database.drop
      }
    }
  }
]

describe.each(setups.filter((setup) => setup.run))("concurrent clients, $name", (setup) => {
  let database: ReturnType<typeof setup.database>
  let servers: Array<Running> = []
  /** The API through each server in turn: client `i` talks to server `i % servers`. */
  let through: (client: number) => ReturnType<typeof authorized>

  beforeAll(async () => {
    database = setup.database()
    const dataDir = tempDataDir()
    const { key, secret } = JSON.parse(
      (await dsar(["orgs", "create", "--name", "Racers", "--data-dir", dataDir], database.env)).stdout
    )
    // Each server has its own data directory on PostgreSQL (the database is what they share).
    servers = await Promise.all(
      Array.from({ length: setup.servers }, (_, i) => serve(i === 0 ? dataDir : tempDataDir(), database.env))
    )
    const token = await sessionToken(servers[0]!.url, key, secret)
    const apis = servers.map((server) => authorized(server.url, token))
    through = (client) => apis[client % apis.length]!
  })

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()))
    database.drop()
  })

  const historyOf = async (id: string) =>
    (await through(0)("GET", `/dsar/requests/${id}/history`)).body as Array<Change>

  it(`${CLIENTS} clients asking for every next status at once store one valid sequence, ${ROUNDS} times`, async () => {
    let invalid = 0
    for (let round = 0; round < ROUNDS; round++) {
      const { id } = (await through(round)("POST", "/dsar/requests", createRequestExample)).body
      const targets = SpecTable.verified
      const answers = await Promise.all(
        Array.from(
          { length: CLIENTS },
          (_, i) => through(i)("PATCH", `/dsar/requests/${id}`, statusBody(targets[i % targets.length]!))
        )
      )
      expect(answers.map((answer) => answer.status).filter((status) => status !== 200 && status !== 409)).toEqual([])
      const history = await historyOf(id)
      if (!isValidHistory(history)) invalid++
      // Every change stored was answered 200 (a PATCH to the status a request already has is a 200
      // that changes nothing); none answered 409 was stored.
      expect(history.length - 1).toBeLessThanOrEqual(answers.filter((answer) => answer.status === 200).length)
      expect((await through(1)("GET", `/dsar/requests/${id}`)).body.status).toBe(history.at(-1)!.to_status)
    }
    record(`conflicting PATCHes (${setup.name})`, { loads: ROUNDS, inputs: ROUNDS * CLIENTS, losses: invalid })
    expect(invalid).toBe(0)
  })

  it(`${CLIENTS} clients racing to end a request as fulfilled or as refused: exactly one wins, ${ROUNDS} times`, async () => {
    let notOne = 0
    for (let round = 0; round < ROUNDS; round++) {
      const { id } =
        (await through(round)("POST", "/dsar/requests", { ...createRequestExample, status: "work_in_progress" })).body
      const outcomes = ["fulfilled", "refused"] as const
      const answers = await Promise.all(
        Array.from(
          { length: CLIENTS },
          (_, i) => through(i)("PATCH", `/dsar/requests/${id}`, statusBody(outcomes[i % 2]!))
        )
      )
      const history = await historyOf(id)
      // One change out of work_in_progress; every client that asked for it is answered 200 (asking
      // for the status a request already has changes nothing), every other one 409.
      if (history.length !== 2) notOne++
      const winner = history.at(-1)!.to_status
      expect(history.map((change) => change.to_status)).toEqual(["work_in_progress", winner])
      expect(answers.map((answer, i) => answer.status === (outcomes[i % 2] === winner ? 200 : 409)).every(Boolean))
        .toBe(true)
    }
    record(`exclusive outcomes (${setup.name})`, { loads: ROUNDS, inputs: ROUNDS * CLIENTS, losses: notOne })
    expect(notOne).toBe(0)
  })

  it(`${CLIENTS} first requests of one new user at once are all created, ${ROUNDS} times`, async () => {
    let refused = 0
    for (let round = 0; round < ROUNDS; round++) {
      const organization_user_id = `racer-${round}-${Date.now()}@example.org`
      const answers = await Promise.all(
        Array.from(
          { length: CLIENTS },
          (_, i) => through(i)("POST", "/dsar/requests", { ...createRequestExample, organization_user_id })
        )
      )
      refused += answers.filter((answer) => answer.status !== 201).length
      const listed = await through(round)(
        "GET",
        `/dsar/requests?$limit=100&organization_user_id=${encodeURIComponent(organization_user_id)}`
      )
      expect(listed.body.length).toBe(CLIENTS)
    }
    record(`racing first requests (${setup.name})`, { loads: ROUNDS, inputs: ROUNDS * CLIENTS, losses: refused })
    expect(refused).toBe(0)
  })

  it(`one approval link confirmed by ${CLIENTS} browsers at once applies once, and every one is redirected, ${ROUNDS} times`, async () => {
    let notOnce = 0
    for (let round = 0; round < ROUNDS; round++) {
      const created = await through(round)("POST", "/dsar/requests", createRequestWithApprovalExample)
      expect(created.status).toBe(201)
      const path = new URL(created.body.validation.approve_url).pathname
      // What a browser sends for the confirmation form: no session, a urlencoded POST with no field.
      const answers = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) =>
          fetch(`${servers[i % servers.length]!.url}${path}`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            redirect: "manual"
          }))
      )
      // One applies; each other one loses its compare-and-set, decides again on what is stored now,
      // finds the link used with its event holding, and redirects as already applied.
      expect(answers.map((answer) => answer.status).filter((status) => status !== 303)).toEqual([])
      const history = await historyOf(created.body.id)
      if (history.filter((change) => change.actor.type === "link").length !== 1) notOnce++
      expect(history.map((change) => change.to_status)).toEqual(["unverified", "verified"])
    }
    record(`link confirmations (${setup.name})`, { loads: ROUNDS, inputs: ROUNDS * CLIENTS, losses: notOnce })
    expect(notOnce).toBe(0)
  })
})
