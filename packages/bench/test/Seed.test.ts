import { Statuses } from "@dsar/domain"
import { rmSync } from "node:fs"
import { afterAll, describe, expect, it } from "vitest"
import { type DataDir, prepareDataDir } from "../src/DataDir.js"
import { seededIds, seededStatus, seedRequests } from "../src/Seed.js"
import { startDsar } from "../src/Servers.js"

const SIZE = 60

describe("seeding requests straight into the SQLite file", () => {
  let data: DataDir | undefined
  afterAll(() => data && rmSync(data.path, { recursive: true, force: true }))

  it("stores rows dsar serve reads back, lists and counts like the ones it created", async () => {
    data = await prepareDataDir()
    seedRequests(data.database, data.template, 0, SIZE / 2)
    seedRequests(data.database, data.template, SIZE / 2, SIZE)
    const server = await startDsar(data.path)
    try {
      const get = (path: string) => fetch(`${server.url}${path}`, { headers: server.headers })
      const [newest, oldest] = seededIds(data.template, [0, SIZE - 1])
      for (const id of [newest, oldest]) {
        const response = await get(`/dsar/requests/${id}`)
        expect(response.status).toBe(200)
        expect(await response.json()).toMatchObject({ id, organization_id: data.template.organization_id })
      }
      const page = await get(`/dsar/requests?status=${seededStatus(1)}&$limit=100`)
      expect(page.status).toBe(200)
      expect(page.headers.get("x-total-count")).toBe(String(SIZE / Statuses.length))
      const items = (await page.json()) as ReadonlyArray<{ readonly id: string; readonly status: string }>
      expect(items.map((item) => item.id)).toEqual(
        seededIds(data.template, Array.from({ length: SIZE / Statuses.length }, (_, i) => 1 + i * Statuses.length))
      )
      const all = await get("/dsar/requests")
      expect(all.headers.get("x-total-count")).toBe(String(SIZE + 1))
    } finally {
      await server.running.stop()
    }
  }, 60_000)
})
