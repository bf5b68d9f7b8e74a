import { createRequestExample } from "@dsar/domain"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { everyStore, type OnStore } from "./support/EveryStore.js"

// Issue 16: a new request of a user for a right they have an open request for is marked as its
// possible duplicate, the list filters on it, and refusing it as a duplicate is one PATCH.

describe.each(everyStore)("possible duplicates, $name", (store) => {
  let on: OnStore
  beforeAll(async () => {
    on = await store.start()
  })
  afterAll(() => on.stop())

  it("a second open request of a user for the same right names the first; another right's or a closed one's does not", async () => {
    const [call] = on.through
    const create = async (overrides: Record<string, unknown>) => {
      const answer = await call!("POST", "/dsar/requests", {
        ...createRequestExample,
        status: "verified",
        ...overrides
      })
      expect(answer.status, JSON.stringify(answer.body)).toBe(201)
      return answer.body as { id: string; duplicate_of?: string }
    }
    const user = { organization_user_id: `twice-${store.name.replace(/\W/g, "")}@example.org` }
    const first = await create(user)
    const second = await create(user)
    const otherRight = await create({ ...user, user_right_id: "cpra_opt_out" })
    expect([first.duplicate_of, second.duplicate_of, otherRight.duplicate_of]).toEqual([undefined, first.id, undefined])
    expect((await call!("GET", `/dsar/requests/${second.id}`)).body.duplicate_of).toBe(first.id)

    const ids = async (query: string) =>
      ((await call!("GET", `/dsar/requests?${query}`)).body as Array<{ id: string }>).map((request) => request.id)
    expect(await ids(`duplicate_of=${first.id}`)).toEqual([second.id])
    expect(await ids("duplicate_of[$ne]=null")).toEqual([second.id])
    expect((await call!("GET", "/dsar/requests?duplicate_of[$like]=x")).status).toBe(400)

    const refused = await call!("PATCH", `/dsar/requests/${second.id}`, {
      status: "refused",
      refusal: { reason: "duplicate" }
    })
    expect([refused.status, refused.body.status, refused.body.refusal]).toEqual([200, "refused", {
      reason: "duplicate"
    }])

    // Once the first is answered, a new request of the same user and right stands alone.
    expect((await call!("PATCH", `/dsar/requests/${first.id}`, { status: "fulfilled" })).status).toBe(200)
    expect((await create(user)).duplicate_of).toBeUndefined()
  })
})
