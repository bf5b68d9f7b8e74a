import { demoCredentials, dsar, type Running, serve } from "@dsar/server/test-support/process"
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

/** A running server and the headers its requests carry (a session of the demo organisation for `dsar serve`). */
export interface BenchServer {
  readonly running: Running
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  /** The demo organisation's API key and secret, for clients that open their own sessions (`dsar serve` only). */
  readonly credentials?: { readonly key: string; readonly secret: string }
}

// The demo secret is printed only on the first start of a data directory, so it is kept next to
// the database for the restarts that follow a seeding.
const credentialsFile = (dataDir: string) => join(dataDir, "bench-credentials.json")

const keepCredentials = (dataDir: string, stdout: string) => {
  if (!existsSync(credentialsFile(dataDir))) {
    writeFileSync(credentialsFile(dataDir), JSON.stringify(demoCredentials(stdout)))
  }
  return JSON.parse(readFileSync(credentialsFile(dataDir), "utf8")) as ReturnType<typeof demoCredentials>
}

const openSession = async (url: string, key: string, secret: string) => {
  const response = await fetch(`${url}/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "api-key", key, secret })
  })
  if (response.status !== 201) throw new Error(`POST /sessions answered ${response.status}: ${await response.text()}`)
  return ((await response.json()) as { access_token: string }).access_token
}

/** Creates the schema of an empty data directory, as `dsar migrate` does for an operator. */
export const migrate = async (dataDir: string, env: Record<string, string> = {}) => {
  const finished = await dsar(["migrate", "--data-dir", dataDir], env)
  if (finished.code !== 0) throw new Error(`dsar migrate failed:\n${finished.stderr}`)
}

/**
 * The seeded unverified requests are days to months old, so the server's follow-up sweep would
 * remind or close thousands of them while it is measured, work the peers have no part of: here
 * none is due for years, and the sweep only looks.
 */
const noFollowUpsDue = { UNVERIFIED_REMINDER_AFTER: "3650 days", UNVERIFIED_CLOSE_AFTER: "3651 days" }

/** Starts the built `dsar serve` on the data directory and opens a session. */
export const startDsar = async (
  dataDir: string,
  env: Record<string, string> = {},
  args: ReadonlyArray<string> = []
): Promise<BenchServer> => {
  const running = await serve(dataDir, { ...noFollowUpsDue, ...env }, { args })
  const credentials = keepCredentials(dataDir, running.output().stdout)
  const token = await openSession(running.url, credentials.key, credentials.secret)
  return { running, url: running.url, headers: { authorization: `Bearer ${token}` }, credentials }
}

const peerScripts = {
  bare: fileURLToPath(new URL("./baseline/main.js", import.meta.url)),
  fastify: fileURLToPath(new URL("./baseline/FastifyServer.js", import.meta.url))
}

/**
 * Starts a peer (the bare baseline or the Fastify one) on a data directory `dsar serve` has run
 * on; neither checks a token.
 */
export const startPeer = async (peer: keyof typeof peerScripts, dataDir: string): Promise<BenchServer> => {
  const running = await serve(dataDir, {}, { program: peerScripts[peer] })
  return { running, url: running.url, headers: {} }
}
