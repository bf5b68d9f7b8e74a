import { createLinkExample } from "@dsar/domain"
import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import { type Answer, expectError, get, type Method, pathsOf, requestCount, send, snapshot, tenant } from "./support/Http.js"
import { TestApp } from "./support/TestApp.js"

// A token is bound to one organisation: another organisation's request is a 404, never visible,
// and naming another organisation is a 403. Whatever the other tenant tries, nothing of ours changes.

/** Two tenants, A with requests in several statuses, notes and history; B with its own request. */
const twoTenants = Effect.gen(function* () {
  const a = yield* tenant("A")
  const b = yield* tenant("B")
  const aRequests = [
    yield* a.createRequest({ status: "unverified" }),
    yield* a.createRequest({ status: "verified", organization_user_id: "alice@a.example" }),
    yield* a.createRequest({ status: "work_in_progress", user_right_id: "cpra_delete_my_data" })
  ]
  for (const request of aRequests) {
    const note = yield* send({ method: "POST", url: "/dsar/requests/notes", json: { request_id: request.id, value: `note on ${request.id}` }, token: a.token })
    expect(note.status, note.text).toBe(201)
  }
  const patched = yield* send({ method: "PATCH", url: `/dsar/requests/${aRequests[1]!.id}`, json: { status: "work_in_progress", metadata: { by: "A" } }, token: a.token })
  expect(patched.status, patched.text).toBe(200)
  const bRequest = yield* b.createRequest({ organization_user_id: "alice@a.example" })
  return { a, b, aRequests, bRequest } as const
})

/** Every route that takes a request id, as B would call it with A's id. */
const routesOn = (id: string): ReadonlyArray<{ readonly method: Method; readonly url: string; readonly json?: unknown }> => [
  { method: "GET", url: `/dsar/requests/${id}` },
  { method: "PATCH", url: `/dsar/requests/${id}`, json: { status: "archived", metadata: { by: "B" } } },
  { method: "PATCH", url: `/dsar/requests/${id}`, json: { metadata: { by: "B" } } },
  { method: "GET", url: `/dsar/requests/${id}/history` },
  { method: "POST", url: "/dsar/links", json: { ...createLinkExample, event: { status: "archived", request_id: id } } },
  { method: "POST", url: "/dsar/requests/notes", json: { request_id: id, value: "B was here" } },
  { method: "GET", url: `/dsar/requests/notes?request_id=${id}` }
]

/** Everything A holds: each request with its history and notes, and A's full list. */
const stateOf = (token: string, ids: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const list = yield* get("/dsar/requests?$limit=100", token)
    return {
      list: list.json,
      total: list.headers["x-total-count"],
      requests: yield* Effect.forEach(ids, (id) => snapshot(token, id))
    }
  })

/** The same call with `to` in place of the request id `from`. */
const renamed = <R extends { readonly url: string; readonly json?: unknown }>(route: R, from: string, to: string): R => ({
  ...route,
  url: route.url.replace(from, to),
  ...(route.json !== undefined && { json: JSON.parse(JSON.stringify(route.json).replace(from, to)) })
})

const withParam = (url: string, param: string) => `${url}${url.includes("?") ? "&" : "?"}${param}`

layer(TestApp({ cheapHashing: true }))("organisations are isolated from each other", (it) => {
  it.effect("another organisation's request id is a 404 on every route, exactly like an unknown id, and nothing of A changes", () =>
    Effect.gen(function* () {
      const { a, b, aRequests } = yield* twoTenants
      const ids = aRequests.map((request) => request.id)
      const before = yield* stateOf(a.token, ids)
      const bBefore = yield* requestCount(b.token)
      for (const id of ids) {
        for (const route of routesOn(id)) {
          const answer = yield* send({ ...route, token: b.token })
          const body = expectError(answer, 404)
          expect(answer.text, `${route.method} ${route.url}`).not.toContain("note on")
          // Indistinguishable from an id that never existed.
          const unknown = yield* send({ ...renamed(route, id, "req_never_was"), token: b.token })
          expect(body.message.replace(id, "ID")).toBe(expectError(unknown, 404).message.replace("req_never_was", "ID"))
        }
      }
      expect(yield* stateOf(a.token, ids)).toEqual(before)
      expect(yield* requestCount(b.token)).toBe(bBefore)
    })
  )

  it.effect("the list never shows another organisation's requests, whatever the filters", () =>
    Effect.gen(function* () {
      const { a, b, aRequests, bRequest } = yield* twoTenants
      const queries = [
        "",
        "$limit=100",
        "status[$in]=unverified,verified,work_in_progress,fulfilled,refused,archived",
        "status=work_in_progress",
        "user_right_id=cpra_delete_my_data",
        "organization_user_id=alice@a.example",
        "regulation_id=cpra",
        "created_at[$gte]=1970-01-01T00:00:00.000Z",
        "$sort[created_at]=1&$skip=0",
        `organization_id=${b.org}`
      ]
      const aIds = new Set(aRequests.map((request) => request.id))
      for (const query of queries) {
        const answer = yield* get(`/dsar/requests?${query}`, b.token)
        expect(answer.status, `${query}: ${answer.text.slice(0, 200)}`).toBe(200)
        const listed = answer.json as ReadonlyArray<{ readonly id: string; readonly organization_id: string }>
        for (const request of listed) {
          expect(aIds.has(request.id), query).toBe(false)
          expect(request.organization_id).toBe(b.org)
        }
        expect(Number(answer.headers["x-total-count"]), query).toBeLessThanOrEqual(1)
      }
      const mine = (yield* get("/dsar/requests?organization_user_id=alice@a.example", b.token)).json as ReadonlyArray<{ readonly id: string }>
      expect(mine.map((request) => request.id)).toEqual([bRequest.id])
      // And the other way round.
      const theirs = (yield* get("/dsar/requests?$limit=100", a.token)).json as ReadonlyArray<{ readonly id: string }>
      expect(theirs.map((request) => request.id)).not.toContain(bRequest.id)
    })
  )

  it.effect("naming another organisation in organization_id is a 403 on every route, and nothing of A changes", () =>
    Effect.gen(function* () {
      const { a, b, aRequests, bRequest } = yield* twoTenants
      const ids = aRequests.map((request) => request.id)
      const before = yield* stateOf(a.token, ids)
      const bBefore = yield* stateOf(b.token, [bRequest.id])
      const attempts: Array<{ readonly label: string; readonly answer: Answer }> = []
      const param = `organization_id=${a.org}`
      for (const id of [...ids, bRequest.id]) {
        for (const route of routesOn(id)) {
          attempts.push({ label: `${route.method} ${route.url}`, answer: yield* send({ ...route, url: withParam(route.url, param), token: b.token }) })
        }
      }
      for (const url of ["/dsar/requests", "/dsar/user-rights"]) {
        attempts.push({ label: `GET ${url}`, answer: yield* send({ method: "GET", url: withParam(url, param), token: b.token }) })
      }
      attempts.push({
        label: "POST /dsar/requests",
        answer: yield* send({ method: "POST", url: withParam("/dsar/requests", param), json: { organization_user_id: "mallory", user_right_id: "cpra_opt_out", status: "verified", source: { type: "DSAR" } }, token: b.token })
      })
      for (const { label, answer } of attempts) {
        expect(pathsOf(expectError(answer, 403)), label).toEqual(["organization_id"])
        expect(answer.text, label).not.toContain("note on")
      }
      expect(yield* stateOf(a.token, ids)).toEqual(before)
      expect(yield* stateOf(b.token, [bRequest.id])).toEqual(bBefore)
    })
  )

  it.effect("each organisation still reaches its own requests with its own token", () =>
    Effect.gen(function* () {
      const { a, b, aRequests, bRequest } = yield* twoTenants
      for (const request of aRequests) expect((yield* get(`/dsar/requests/${request.id}?organization_id=${a.org}`, a.token)).status).toBe(200)
      expect((yield* get(`/dsar/requests/${bRequest.id}?organization_id=${b.org}`, b.token)).status).toBe(200)
      expectError(yield* get(`/dsar/requests/${bRequest.id}`, a.token), 404)
      const history = (yield* get(`/dsar/requests/${aRequests[1]!.id}/history`, a.token)).json as ReadonlyArray<{ readonly to_status: string }>
      expect(history.map((entry) => entry.to_status)).toEqual(["verified", "work_in_progress"])
    })
  )
})
