import { createLinkExample } from "@dsar/domain"
import type { HttpClient } from "@effect/platform"
import { expect } from "@effect/vitest"
import { Effect } from "effect"
import { type Answer, expectError, get, type Method, pathsOf, requestCount, send, snapshot, tenant } from "./Http.js"

// Organisations are isolated from each other: a token is bound to one organisation, another
// organisation's request is a 404 (never visible, indistinguishable from an unknown id), naming
// another organisation is a 403, and nothing the other tries changes anything. The checks take an
// owner and an intruder, so each runs both ways; the main suite runs them in process and the
// reliability suite against a spawned `dsar serve`.

/** An organisation with requests in several statuses, each with a note, one of them changed since. */
export interface Tenant {
  readonly name: string
  readonly org: string
  readonly token: string
  readonly key: string
  readonly secret: string
  readonly requests: ReadonlyArray<{ readonly id: string }>
}

/** What a run of the checks tried, and every leak it found (must stay empty), rather than the first. */
export interface Probe {
  inputs: number
  readonly leaks: Array<string>
}

export const newProbe = (): Probe => ({ inputs: 0, leaks: [] })

/** Records a leak, named `label`, when the assertions fail. */
const leakUnless = (probe: Probe, label: string, assertions: () => void) => {
  try {
    assertions()
  } catch (error) {
    probe.leaks.push(`${label}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** One input the intruder tried, and the assertions that say it leaked nothing. */
const tryInput = (probe: Probe, label: string, assertions: () => void) => {
  probe.inputs++
  leakUnless(probe, label, assertions)
}

/** The note every request of `name` carries: the intruder must never see it. */
const noteOf = (name: string) => `note of ${name} on`

const populated = (name: string) =>
  Effect.gen(function*() {
    const t = yield* tenant(name)
    const requests = [
      yield* t.createRequest({ status: "unverified" }),
      yield* t.createRequest({ status: "verified", organization_user_id: "alice@shared.example" }),
      yield* t.createRequest({ status: "work_in_progress", user_right_id: "cpra_delete_my_data" })
    ]
    for (const request of requests) {
      const note = yield* send({
        method: "POST",
        url: "/dsar/requests/notes",
        json: { request_id: request.id, value: `${noteOf(name)} ${request.id}` },
        token: t.token
      })
      expect(note.status, note.text).toBe(201)
    }
    const patched = yield* send({
      method: "PATCH",
      url: `/dsar/requests/${requests[1]!.id}`,
      json: { status: "work_in_progress", metadata: { by: name } },
      token: t.token
    })
    expect(patched.status, patched.text).toBe(200)
    return {
      name,
      org: t.org,
      token: t.token,
      key: t.credentials.key,
      secret: t.credentials.secret,
      requests
    } satisfies Tenant
  })

/** Two organisations alike, down to a requester (`alice@shared.example`) they have in common. */
export const twoTenants = Effect.all([populated("A"), populated("B")])

/** Every route that takes a request id, as the intruder would call it with the owner's id. */
const routesOn = (
  id: string
): ReadonlyArray<{ readonly method: Method; readonly url: string; readonly json?: unknown }> => [
  { method: "GET", url: `/dsar/requests/${id}` },
  { method: "PATCH", url: `/dsar/requests/${id}`, json: { status: "archived", metadata: { by: "intruder" } } },
  { method: "PATCH", url: `/dsar/requests/${id}`, json: { metadata: { by: "intruder" } } },
  { method: "GET", url: `/dsar/requests/${id}/history` },
  { method: "GET", url: `/dsar/requests/${id}/emails` },
  { method: "POST", url: `/dsar/requests/${id}/emails/msg_any/retry` },
  { method: "POST", url: "/dsar/links", json: { ...createLinkExample, event: { status: "archived", request_id: id } } },
  { method: "POST", url: "/dsar/requests/notes", json: { request_id: id, value: "the intruder was here" } },
  { method: "GET", url: `/dsar/requests/notes?request_id=${id}` }
]

/** Everything an organisation holds: each request with its history and notes, and its full list. */
const stateOf = (t: Tenant) =>
  Effect.gen(function*() {
    const list = yield* get("/dsar/requests?$limit=100", t.token)
    return {
      list: list.json,
      total: list.headers["x-total-count"],
      requests: yield* Effect.forEach(t.requests, (request) => snapshot(t.token, request.id))
    }
  })

/** Records a leak when what `t` holds is no longer `before`. */
const unchanged = (probe: Probe, t: Tenant, before: unknown) =>
  Effect.map(
    stateOf(t),
    (after) => leakUnless(probe, `what ${t.name} holds changed`, () => expect(after).toEqual(before))
  )

/** The same call with `to` in place of the request id `from`. */
const renamed = <R extends { readonly url: string; readonly json?: unknown }>(
  route: R,
  from: string,
  to: string
): R => ({
  ...route,
  url: route.url.replace(from, to),
  ...(route.json !== undefined && { json: JSON.parse(JSON.stringify(route.json).replace(from, to)) })
})

const withParam = (url: string, param: string) => `${url}${url.includes("?") ? "&" : "?"}${param}`

type Check = (owner: Tenant, intruder: Tenant, probe: Probe) => Effect.Effect<void, unknown, HttpClient.HttpClient>

const foreignIds: Check = (owner, intruder, probe) =>
  Effect.gen(function*() {
    const before = yield* stateOf(owner)
    const intruderBefore = yield* stateOf(intruder)
    for (const { id } of owner.requests) {
      for (const route of routesOn(id)) {
        const answer = yield* send({ ...route, token: intruder.token })
        const unknown = yield* send({ ...renamed(route, id, "req_never_was"), token: intruder.token })
        tryInput(probe, `${intruder.name}: ${route.method} ${route.url}`, () => {
          const body = expectError(answer, 404)
          expect(answer.text).not.toContain(noteOf(owner.name))
          // Indistinguishable from an id that never existed.
          expect(body.message.replace(id, "ID")).toBe(expectError(unknown, 404).message.replace("req_never_was", "ID"))
        })
      }
    }
    yield* unchanged(probe, owner, before)
    yield* unchanged(probe, intruder, intruderBefore)
  })

const lists: Check = (owner, intruder, probe) =>
  Effect.gen(function*() {
    const queries = [
      "",
      "$limit=100",
      "status[$in]=unverified,verified,work_in_progress,fulfilled,refused,archived",
      "status=work_in_progress",
      "user_right_id=cpra_delete_my_data",
      "organization_user_id=alice@shared.example",
      "regulation_id=cpra",
      "created_at[$gte]=1970-01-01T00:00:00.000Z",
      "$sort[created_at]=1&$skip=0",
      `organization_id=${intruder.org}`
    ]
    const ownerIds = new Set(owner.requests.map((request) => request.id))
    const intruderCount = yield* requestCount(intruder.token)
    for (const query of queries) {
      const answer = yield* get(`/dsar/requests?${query}`, intruder.token)
      tryInput(probe, `${intruder.name}: GET /dsar/requests?${query}`, () => {
        expect(answer.status, answer.text.slice(0, 200)).toBe(200)
        for (const request of answer.json as ReadonlyArray<{ readonly id: string; readonly organization_id: string }>) {
          expect(ownerIds.has(request.id)).toBe(false)
          expect(request.organization_id).toBe(intruder.org)
        }
        expect(Number(answer.headers["x-total-count"])).toBeLessThanOrEqual(intruderCount)
      })
    }
    // The requester both have in common: only the intruder's own request.
    const shared = yield* get("/dsar/requests?organization_user_id=alice@shared.example", intruder.token)
    tryInput(probe, `${intruder.name}: GET /dsar/requests?organization_user_id=alice@shared.example`, () =>
      expect((shared.json as ReadonlyArray<{ readonly id: string }>).map((request) =>
        request.id
      )).toEqual([intruder.requests[1]!.id]))
  })

const foreignOrganization: Check = (owner, intruder, probe) =>
  Effect.gen(function*() {
    const before = yield* stateOf(owner)
    const intruderBefore = yield* stateOf(intruder)
    const param = `organization_id=${owner.org}`
    const attempts: Array<{ readonly method: Method; readonly url: string; readonly json?: unknown }> = [
      ...[...owner.requests, ...intruder.requests].flatMap(({ id }) => routesOn(id)),
      { method: "GET", url: "/dsar/requests" },
      { method: "GET", url: "/dsar/user-rights" },
      {
        method: "POST",
        url: "/dsar/requests",
        json: {
          organization_user_id: "mallory",
          user_right_id: "cpra_opt_out",
          status: "verified",
          source: { type: "DSAR" }
        }
      }
    ]
    for (const route of attempts) {
      const answer: Answer = yield* send({ ...route, url: withParam(route.url, param), token: intruder.token })
      tryInput(probe, `${intruder.name}: ${route.method} ${withParam(route.url, param)}`, () => {
        expect(pathsOf(expectError(answer, 403))).toEqual(["organization_id"])
        expect(answer.text).not.toContain(noteOf(owner.name))
      })
    }
    yield* unchanged(probe, owner, before)
    yield* unchanged(probe, intruder, intruderBefore)
  })

const credentials: Check = (owner, intruder, probe) =>
  Effect.gen(function*() {
    // The owner's key with the intruder's secret.
    for (const url of ["/sessions", "/v1/sessions"]) {
      const answer = yield* send({
        method: "POST",
        url,
        json: { type: "api-key", key: owner.key, secret: intruder.secret }
      })
      tryInput(probe, `${intruder.name}: POST ${url} with ${owner.name}'s key`, () => void expectError(answer, 401))
    }
    // The owner's claims under the intruder's signature.
    const [claims] = owner.token.split(".") as [string]
    const [, signature] = intruder.token.split(".") as [string, string]
    const answer = yield* get("/dsar/requests", `${claims}.${signature}`)
    tryInput(probe, `${intruder.name}: ${owner.name}'s claims, ${intruder.name}'s signature`, () =>
      void expectError(answer, 401))
  })

/** A control: the owner still reaches its own requests with its own token, and not the intruder's. */
const ownAccess: Check = (owner, intruder) =>
  Effect.gen(function*() {
    for (const request of owner.requests) {
      expect((yield* get(`/dsar/requests/${request.id}?organization_id=${owner.org}`, owner.token)).status).toBe(200)
    }
    expectError(yield* get(`/dsar/requests/${intruder.requests[0]!.id}`, owner.token), 404)
    const history = (yield* get(`/dsar/requests/${owner.requests[1]!.id}/history`, owner.token)).json as ReadonlyArray<
      { readonly to_status: string }
    >
    expect(history.map((entry) => entry.to_status)).toEqual(["verified", "work_in_progress"])
  })

/** Each check, by what it states. */
export const isolationChecks: ReadonlyArray<{ readonly title: string; readonly check: Check }> = [
  {
    title: "another organisation's request id is a 404 on every route, exactly like an unknown id, and nothing changes",
    check: foreignIds
  },
  { title: "the list never shows another organisation's requests, whatever the filters", check: lists },
  {
    title: "naming another organisation in organization_id is a 403 on every route, and nothing changes",
    check: foreignOrganization
  },
  { title: "another organisation's secret or signature opens no session and passes no token", check: credentials },
  { title: "each organisation still reaches its own requests with its own token", check: ownAccess }
]

/** Runs `check` both ways round. */
export const bothWays = (check: Check, [a, b]: readonly [Tenant, Tenant], probe: Probe) =>
  Effect.zipRight(check(a, b, probe), check(b, a, probe))
