import { createRequestWithApprovalExample } from "@dsar/domain"
import { tempDataDir } from "@dsar/server/test-support/process"
import { join } from "node:path"
import { readRequestRow, type RequestRow } from "./Seed.js"
import { type BenchServer, migrate, startDsar } from "./Servers.js"

/** The body every created request is made from: `unverified`, so a link and an outbox row are written too. */
export const createBody = JSON.stringify(createRequestWithApprovalExample)

export const postRequest = async (server: BenchServer) => {
  const response = await fetch(`${server.url}/dsar/requests`, {
    method: "POST",
    headers: { ...server.headers, "content-type": "application/json" },
    body: createBody
  })
  if (response.status !== 201) {
    throw new Error(`POST /dsar/requests answered ${response.status}: ${await response.text()}`)
  }
  return (await response.json()) as { readonly id: string }
}

export interface DataDir {
  readonly path: string
  readonly database: string
  /** A request the server created, the model of every seeded row. */
  readonly template: RequestRow
}

/**
 * A new data directory as an operator would start one: `dsar migrate`, a first `dsar serve` (which
 * creates the demo organisation), one request created over HTTP; the server is stopped again.
 */
export const prepareDataDir = async (): Promise<DataDir> => {
  const path = tempDataDir()
  await migrate(path)
  const server = await startDsar(path)
  const created = await postRequest(server).finally(() => server.running.stop())
  const database = join(path, "dsar.sqlite")
  return { path, database, template: readRequestRow(database, created.id) }
}
