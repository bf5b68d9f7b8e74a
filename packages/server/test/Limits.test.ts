import { createRequestExample, Limits } from "@dsar/domain"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { everyStore, type OnStore } from "./support/EveryStore.js"
import { hasErrorShape } from "./support/Http.js"

// The limits of docs/api.md ("Limits"), the same on every store: what goes beyond is a 400 in the
// error shape naming the property, never a 500 (PostgreSQL refused NUL bytes, long indexed text and
// years before 1 with an empty 500 where SQLite stored them), and what is accepted reads back exactly.

const create = (overrides: Record<string, unknown>) => ({ ...createRequestExample, ...overrides })

const refusals: ReadonlyArray<readonly [string, string, string, unknown, string]> = [
  [
    "a NUL byte in organization_user_id",
    "POST",
    "/dsar/requests",
    create({ organization_user_id: "a\u0000b" }),
    "organization_user_id"
  ],
  [
    "a lone surrogate in organization_user_id",
    "POST",
    "/dsar/requests",
    create({ organization_user_id: "a\ud800" }),
    "organization_user_id"
  ],
  [
    "an organization_user_id over the id limit",
    "POST",
    "/dsar/requests",
    create({ organization_user_id: "u".repeat(Limits.id + 1) }),
    "organization_user_id"
  ],
  ["a NUL byte in metadata", "POST", "/dsar/requests", create({ metadata: { note: "a\u0000b" } }), "metadata"],
  ["a NUL byte in a metadata key", "POST", "/dsar/requests", create({ metadata: { "a\u0000": 1 } }), "metadata"],
  [
    "metadata over its size",
    "POST",
    "/dsar/requests",
    create({ metadata: { big: "x".repeat(Limits.metadataBytes) } }),
    "metadata"
  ],
  [
    "user.metadata over its size",
    "POST",
    "/dsar/requests",
    create({ user: { metadata: { big: "x".repeat(Limits.metadataBytes) } } }),
    "user.metadata"
  ],
  [
    "a field value over its limit",
    "POST",
    "/dsar/requests",
    create({ request_fields: [{ field_id: "email", value: "x".repeat(Limits.fieldValue + 1) }] }),
    "request_fields.0.value"
  ],
  [
    "more fields than allowed",
    "POST",
    "/dsar/requests",
    create({ request_fields: Array.from({ length: 4_000 }, (_, i) => ({ field_id: `f${i}`, value: "v" })) }),
    "request_fields"
  ],
  [
    "an email local part over 64 characters",
    "POST",
    "/dsar/requests",
    create({ request_fields: [{ field_id: "email", value: `${"a".repeat(65)}@example.org` }] }),
    "request_fields.email"
  ],
  [
    "an email over 254 characters",
    "POST",
    "/dsar/requests",
    create({
      request_fields: [{
        field_id: "email",
        value: `a@${["b", "c", "d", "e"].map((label) => label.repeat(62)).join(".")}.org`
      }]
    }),
    "request_fields.email"
  ],
  [
    "a country over its limit",
    "POST",
    "/dsar/requests",
    create({ source: { type: "DSAR", country: "c".repeat(Limits.name + 1) } }),
    "source.country"
  ],
  [
    "a CR/LF in download_link",
    "POST",
    "/dsar/requests",
    create({ extra_message_variables: { download_link: "https://files.example/a\r\nBcc: x@evil.example" } }),
    "extra_message_variables.download_link"
  ],
  [
    "a message variable over its limit",
    "POST",
    "/dsar/requests",
    create({ extra_message_variables: { v: "x".repeat(Limits.messageVariable + 1) } }),
    "extra_message_variables.v"
  ],
  ["a __proto__ key in metadata", "POST", "/dsar/requests", {
    ...create({}),
    metadata: JSON.parse("{\"__proto__\":{\"x\":1}}")
  }, "metadata"],
  ["a NUL byte in a note", "POST", "/dsar/requests/notes", { request_id: "req_x", value: "a\u0000b" }, "value"],
  [
    "a year 0 in a date filter",
    "GET",
    "/dsar/requests?created_at[$gte]=0000-01-01T00:00:00Z",
    undefined,
    "created_at[$gte]"
  ],
  [
    "a negative year in a date filter",
    "GET",
    "/dsar/requests?created_at[$lt]=-000001-01-01T00:00:00Z",
    undefined,
    "created_at[$lt]"
  ],
  [
    "a NUL byte in a query's organization_user_id",
    "GET",
    "/dsar/requests?organization_user_id=a%00b",
    undefined,
    "organization_user_id"
  ],
  ["a NUL byte in a path id", "GET", "/dsar/requests/req%00x", undefined, "id"]
]

describe.each(everyStore)("limits, $name", (store) => {
  let on: OnStore
  beforeAll(async () => {
    on = await store.start()
  })
  afterAll(() => on.stop())

  it.each(refusals)("%s is a 400 naming it", async (_, method, path, body, property) => {
    const [call] = on.through
    const answer = await call!(method, path, body)
    expect({ status: answer.status, shaped: hasErrorShape(answer.body) }, JSON.stringify(answer.body)?.slice(0, 300))
      .toEqual({
        status: 400,
        shaped: true
      })
    expect(answer.body.errors.map((issue: { path: string }) => issue.path)).toContain(property)
    expect(answer.body.errors.length).toBeLessThanOrEqual(Limits.errors)
    expect(JSON.stringify(answer.body).length).toBeLessThan(8_000)
  })

  it("what is within the limits reads back exactly: the longest id, metadata at its size, a URL normalised", async () => {
    const [call] = on.through
    const organization_user_id = `${"u".repeat(Limits.id - 12)}@example.org`
    const metadata = { text: "é😀".repeat(100), nested: { list: [1, "two", null] } }
    const created = await call!(
      "POST",
      "/dsar/requests",
      create({
        organization_user_id,
        metadata,
        extra_message_variables: { download_link: "HTTPS://Files.Example/a b".replace(" ", "%20") }
      })
    )
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const read = await call!("GET", `/dsar/requests/${created.body.id}`)
    expect(read.body.organization_user_id).toBe(organization_user_id)
    expect(read.body.metadata).toEqual(metadata)
    expect(read.body.extra_message_variables.download_link).toBe("https://files.example/a%20b")
  })
})
