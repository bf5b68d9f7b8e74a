import { Effect, ManagedRuntime } from "effect"
import { send, tenant } from "./Http.js"
import { postgresAvailable, temporaryDatabase } from "./Postgres.js"
import { dsar, type Running, serve, tempDataDir } from "./Process.js"
import { authorized, sessionToken } from "./Session.js"
import { TestApp } from "./TestApp.js"

/** A call to the API as one organisation: its status and its body parsed as JSON (undefined when empty). */
export type Call = (
  method: string,
  path: string,
  body?: unknown
) => Promise<{ readonly status: number; readonly body: any }>

/** A server on one store, an organisation in it, and the API as that organisation through each server. */
export interface OnStore {
  readonly through: ReadonlyArray<Call>
  readonly stop: () => Promise<void>
}

const spawned = async (
  env: Record<string, string>,
  servers: number
): Promise<Omit<OnStore, "stop"> & { running: Array<Running> }> => {
  const dataDir = tempDataDir()
  const created = await dsar([
    "orgs",
    "create",
    "--name",
    "Acme",
    "--redirect-url",
    "https://acme.example/done",
    "--data-dir",
    dataDir
  ], env)
  if (created.code !== 0) throw new Error(`dsar orgs create failed: ${created.stderr}`)
  const { key, secret } = JSON.parse(created.stdout)
  // Each server has its own data directory on PostgreSQL (the database is what they share).
  const running = await Promise.all(
    Array.from({ length: servers }, (_, i) => serve(i === 0 ? dataDir : tempDataDir(), env))
  )
  const token = await sessionToken(running[0]!.url, key, secret)
  return { running, through: running.map((server) => authorized(server.url, token)) }
}

const inMemory = async (): Promise<OnStore> => {
  const runtime = ManagedRuntime.make(TestApp({ cheapHashing: true }))
  const { token } = await runtime.runPromise(tenant())
  const call: Call = (method, path, body) =>
    runtime.runPromise(
      Effect.map(
        send({ method: method as "GET", url: path, token, ...(body !== undefined && { json: body }) }),
        (answer) => ({
          status: answer.status,
          body: answer.json
        })
      )
    )
  return { through: [call], stop: () => runtime.dispose() }
}

/**
 * Every store the server runs on, for tests that state one behaviour of all of them: in memory (in
 * process), SQLite (a spawned `dsar serve`) and PostgreSQL (spawned, when a server answers).
 * `servers` spawns that many processes sharing the database; on in-memory storage there is one.
 */
export const everyStore = [
  { name: "in memory", run: true, start: (_servers = 1) => inMemory() },
  {
    name: "SQLite",
    run: true,
    start: async (servers = 1): Promise<OnStore> => {
      const { running, through } = await spawned({}, servers)
      return { through, stop: async () => void (await Promise.all(running.map((server) => server.stop()))) }
    }
  },
  {
    name: "PostgreSQL",
    run: postgresAvailable,
    start: async (servers = 1): Promise<OnStore> => {
      const database = temporaryDatabase()
      // One shared SESSION_SECRET: a token from either server works on both.
      const env = { DATABASE_URL: database.url, SESSION_SECRET: "a shared session secret of 32 bytes or more" }
      const { running, through } = await spawned(env, servers)
      return {
        through,
        stop: async () => {
          await Promise.all(running.map((server) => server.stop()))
          database.drop()
        }
      }
    }
  }
].filter((store) => store.run)
