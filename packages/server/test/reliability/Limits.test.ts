import { createRequestExample, Limits } from "@dsar/domain"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { everyStore, type OnStore } from "../support/EveryStore.js"
import { hasErrorShape } from "../support/Http.js"
import { record } from "./support/Tally.js"

// Generated strings at the edges of the limits (NUL, unpaired surrogates, control characters,
// lengths around each limit), in each place a request takes a string, against a spawned server on
// SQLite and on PostgreSQL: every answer is a 201 whose value reads back exactly, or a 400 in the
// error shape; never a 5xx, and never a value changed on the way.

const CASES = 300

const wellFormed = (value: string) => {
  try {
    encodeURIComponent(value)
    return true
  } catch {
    return false
  }
}

const edgy = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("\u0000", "\ud800", "\udc00", "a\r\nb", "\t", "\u007f", "😀", "\ufeff"),
  fc.tuple(fc.string({ maxLength: 4 }), fc.constantFrom("\u0000", "\ud83d", "x")).map(([a, b]) => `${a}${b}${a}`),
  fc.constantFrom(Limits.id, Limits.name, Limits.fieldValue, Limits.messageVariable, 3_000).chain((n) =>
    fc.integer({ min: n - 1, max: n + 1 }).map((length) => "é".repeat(length))
  )
)

type Place = (value: string) => { readonly body: Record<string, unknown>; readonly read: (request: any) => unknown }

const places: ReadonlyArray<readonly [string, Place]> = [
  ["organization_user_id", (v) => ({ body: { organization_user_id: v }, read: (r) => r.organization_user_id })],
  ["metadata value", (v) => ({ body: { metadata: { v } }, read: (r) => r.metadata.v })],
  [
    "metadata key",
    (v) => ({ body: { metadata: { [v]: 1 } }, read: (r) => (Object.keys(r.metadata)[0] === v ? v : r.metadata) })
  ],
  ["source.country", (v) => ({ body: { source: { type: "DSAR", country: v } }, read: (r) => r.source.country })],
  ["message variable", (v) => ({ body: { extra_message_variables: { v } }, read: (r) => r.extra_message_variables.v })],
  ["download_link", (v) => ({
    body: { extra_message_variables: { download_link: `https://files.example/${v}` } },
    read: (r) => r.extra_message_variables.download_link === new URL(`https://files.example/${v}`).href ? v : "changed"
  })]
]

describe.each(everyStore.filter((store) => store.name !== "in memory"))("limits on $name", (store) => {
  let on: OnStore
  beforeAll(async () => {
    on = await store.start()
  })
  afterAll(() => on.stop())

  it(`${CASES} generated strings in each place a request takes one: exactly stored, or refused with a 400`, async () => {
    const [call] = on.through
    let tried = 0
    const losses: Array<string> = []
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...places), edgy, async ([where, place], value) => {
        tried++
        const { body, read } = place(value)
        const answer = await call!("POST", "/dsar/requests", { ...createRequestExample, ...body })
        if (answer.status === 201) {
          const stored = await call!("GET", `/dsar/requests/${answer.body.id}`)
          if (read(stored.body) !== value) losses.push(`${where}: ${JSON.stringify(value)} read back changed`)
        } else if (answer.status !== 400 || !hasErrorShape(answer.body)) {
          losses.push(`${where}: ${JSON.stringify(value)} answered ${answer.status}`)
        }
        // A URL carries UTF-8 only: an unpaired surrogate cannot be sent in a query.
        const query = wellFormed(value) ? encodeURIComponent(value) : "%ED%A0%80"
        const listed = await call!("GET", `/dsar/requests?organization_user_id=${query}`)
        if (listed.status >= 500) {
          losses.push(`query organization_user_id ${JSON.stringify(value)} answered ${listed.status}`)
        }
      }),
      { numRuns: CASES }
    )
    record(`limits (${store.name})`, { loads: 1, inputs: tried * 2, losses: losses.length })
    expect(losses).toEqual([])
  })
})
