import { LocalPrivacyRequests } from "@dsar/adapters"
import { PgStores } from "@dsar/adapters/pg"
import { PrivacyRequests } from "@dsar/http"
import Database from "better-sqlite3"
import { Effect } from "effect"
import { execFileSync } from "node:child_process"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { postgresAvailable, temporaryDatabase } from "./support/Postgres.js"
import { dsar } from "./support/Process.js"
import { newRequest, seedDataDir } from "./support/Seed.js"

/** A request created then taken in hand: two history entries, #1 and #2 of its organisation's chain. */
const createAndTakeInHand = Effect.gen(function*() {
  const requests = yield* PrivacyRequests
  const created = yield* requests.create(newRequest())
  yield* requests.patch(created.id, { status: "work_in_progress" })
  return created
})

/** What someone with access to the database could do behind the stores' back: rewrite the second entry's status. */
const REWRITE = "UPDATE history SET to_status = 'fulfilled' WHERE position = 2"

const verifiesThenFindsTheEdit = async (
  args: ReadonlyArray<string>,
  env: Record<string, string>,
  execute: (statement: string) => void
) => {
  const intact = await dsar(["history", "verify", ...args], env)
  expect(intact.code).toBe(0)
  expect(intact.stdout).toMatch(/\tintact\t2 entries\thead #2 [0-9a-f]{64}$/m)

  execute(REWRITE)
  const broken = await dsar(["history", "verify", ...args], env)
  expect(broken.code).toBe(1)
  expect(broken.stdout).toMatch(/\tBROKEN at #2\taltered: entry #2 \(hst_\w+\) does not match its hash$/m)
  expect(broken.stderr).toContain("1 of 1 organisation(s) have a history that was tampered with")

  const asJson = await dsar(["history", "verify", "--json", ...args], env)
  expect(asJson.code).toBe(1)
  expect(JSON.parse(asJson.stdout)).toMatchObject([
    { intact: false, verified_entries: 1, first_break: { position: 2, reason: "altered" } }
  ])
}

describe("dsar history verify", () => {
  it(
    "on a data directory: intact as written, then names the entry edited in the SQLite file, and exits with 1",
    async () => {
      const { credentials, dataDir } = await Effect.runPromise(seedDataDir(() => createAndTakeInHand))
      await verifiesThenFindsTheEdit(
        ["--data-dir", dataDir, "--org", credentials.organization_id],
        {},
        (statement) => {
          const db = new Database(join(dataDir, "dsar.sqlite"))
          db.prepare(statement).run()
          db.close()
        }
      )
    },
    60_000
  )
})

describe.skipIf(!postgresAvailable)("dsar history verify on PostgreSQL", () => {
  const database = postgresAvailable ? temporaryDatabase() : undefined
  afterAll(() => database?.drop())

  it("on DATABASE_URL: intact as written, then names the entry edited in the database, and exits with 1", async () => {
    const url = database!.url
    await Effect.runPromise(
      Effect.provide(
        createAndTakeInHand,
        LocalPrivacyRequests.withNewOrganization({
          organization: { name: "Audited", default_redirect_url: "https://acme.example/privacy/confirmed" }
        })
      ).pipe(Effect.provide(PgStores.layer({ url })), Effect.scoped)
    )
    await verifiesThenFindsTheEdit(
      [],
      { DATABASE_URL: url },
      (statement) => execFileSync("psql", [url, "-v", "ON_ERROR_STOP=1", "-q", "-c", statement])
    )
  }, 60_000)
})
