import { PrivacyRequests } from "@dsar/http"
import { Chunk, Effect } from "effect"
import { readFileSync } from "node:fs"
import { expect, it } from "vitest"
import { inMemory, onSqlite, receiveRequest } from "./readme/InProcess.js"
import { local, overdueRequests, remote } from "./readme/OverdueRequests.js"
import { serve, tempDataDir } from "./support/Process.js"
import { insertCopies, newRequest, seedDataDir } from "./support/Seed.js"

// packages/adapters/README.md shows `readme/OverdueRequests.ts` word for word; here it runs, on a
// data directory and then against `dsar serve` on that directory, and finds the same requests.

const program = readFileSync(new URL("./readme/OverdueRequests.ts", import.meta.url), "utf8")
const inProcess = readFileSync(new URL("./readme/InProcess.ts", import.meta.url), "utf8")
const readme = readFileSync(new URL("../../adapters/README.md", import.meta.url), "utf8")

const DAY = 86_400_000

it("the adapters README shows the overdue-requests program exactly as it is tested", () => {
  expect(readme).toContain(`\`\`\`ts\n${program}\`\`\``)
})

it("the adapters README shows the in-process program exactly as it is tested", () => {
  expect(readme).toContain(`\`\`\`ts\n${inProcess}\`\`\``)
})

it("the README's in-process layer is ready at once, on in-memory stores and on SQLite, its links on the given base URL", async () => {
  for (const layer of [inMemory, onSqlite(`${tempDataDir()}/dsar.sqlite`)]) {
    const { organization_id, request } = await Effect.runPromise(Effect.provide(receiveRequest, layer))
    expect(request.organization_id).toBe(organization_id)
    expect(request.status).toBe("unverified")
    expect(request.validation?.approve_url).toMatch(/^https:\/\/privacy\.acme\.example\/links\//)
  }
})

it("the README's program lists the same overdue requests in this process and over HTTP, unchanged", async () => {
  const seeded = await Effect.runPromise(
    seedDataDir(() =>
      Effect.gen(function*() {
        const requests = yield* PrivacyRequests
        const open = yield* requests.create(newRequest({ organization_user_id: "late" }))
        const answered = yield* requests.create(newRequest({ organization_user_id: "answered", status: "fulfilled" }))
        const longAgo = new Date(Date.now() - 60 * DAY)
        // Created 60 days ago with 45 to answer: three are overdue, the fulfilled one is not.
        yield* insertCopies(open, 3, longAgo)
        yield* insertCopies(answered, 1, longAgo)
        return (yield* requests.list({
          organization_user_id: open.organization_user_id,
          $sort: { created_at: 1 },
          $limit: 3
        })).items
      })
    )
  )
  const expected = seeded.value.map((request) => request.id)
  expect(expected).toHaveLength(3)

  const here = await Effect.runPromise(
    Effect.provide(overdueRequests, local(seeded.credentials.organization_id, seeded.dataDir))
  )
  expect(Chunk.toReadonlyArray(here).map((request) => request.id)).toEqual(expected)

  const running = await serve(seeded.dataDir)
  try {
    const overHttp = await Effect.runPromise(
      Effect.provide(overdueRequests, remote(running.url, seeded.credentials.key, seeded.credentials.secret))
    )
    expect(Chunk.toReadonlyArray(overHttp)).toEqual(Chunk.toReadonlyArray(here))
  } finally {
    await running.stop()
  }
})
