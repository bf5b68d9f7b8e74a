import { createRequestExample } from "@dsar/domain"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { everyStore, type OnStore } from "./support/EveryStore.js"

// Two first requests of one new user, sent at once: the user is created once and both requests
// are, on every store (PostgreSQL once answered the loser of the user insert with a 500).

const PAIRS = 20

describe.each(everyStore)("first requests of one new user at once, $name", (store) => {
  let on: OnStore
  beforeAll(async () => {
    on = await store.start()
  })
  afterAll(() => on.stop())

  it(`both are created, ${PAIRS} pairs`, async () => {
    const [call] = on.through
    const answers = await Promise.all(
      Array.from(
        { length: PAIRS },
        (_, pair) =>
          Promise.all([0, 1].map(() =>
            call!("POST", "/dsar/requests", {
              ...createRequestExample,
              organization_user_id: `pair-${pair}@example.org`
            })
          ))
      )
    )
    expect(answers.flat().map((answer) => answer.status)).toEqual(Array(PAIRS * 2).fill(201))
  })
})
