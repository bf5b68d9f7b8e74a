import { type RequestId, responseDeadline, type Status } from "@dsar/domain"
import { currentDate, QueryLimits, queryString, RequestsStore } from "@dsar/http"
import { expect, layer } from "@effect/vitest"
import { Duration, Effect, Option, TestClock } from "effect"
import { type Answer, expectError, get, pathsOf, send, tenant } from "./support/Http.js"
import { accessToken, TestApp } from "./support/TestApp.js"

// `GET /dsar/requests`: the hosted API's query syntax (filters, `$limit`, `$skip`, `$sort`), the body
// an array, the total in `x-total-count` and the next page in `link: <...>; rel="next"`.
// The server runs on the test clock, so creation times and deadlines are exact.

interface Listed {
  readonly id: string
  readonly source_id: string
  readonly status: Status
  readonly user_right_id: string
  readonly organization_user_id: string
  readonly created_at: string
  readonly updated_at: string
  readonly expires_at: string
}

const DAY = Duration.days(1)

const now = currentDate

/** A tenant whose session is renewed on demand, for tests that move the clock past its lifetime. */
const listingTenant = (name: string) =>
  Effect.gen(function*() {
    yield* TestClock.adjust(Duration.days(1))
    const t = yield* tenant(name)
    let token = t.token
    const create = (overrides: Record<string, unknown> = {}) =>
      Effect.gen(function*() {
        const answer = yield* send({
          method: "POST",
          url: "/dsar/requests",
          json: { ...baseRequest, ...overrides },
          token
        })
        expect(answer.status, answer.text).toBe(201)
        // Every creation at its own instant, so orders by time are strict.
        yield* TestClock.adjust(Duration.seconds(1))
        return answer.json as Listed
      })
    const list = (query: string) =>
      Effect.gen(function*() {
        const answer = yield* get(`/dsar/requests${query === "" ? "" : `?${query}`}`, token)
        expect(answer.status, `${query}: ${answer.text.slice(0, 300)}`).toBe(200)
        expect(answer.headers["content-type"]).toMatch(/^application\/json\b/)
        return {
          answer,
          items: answer.json as ReadonlyArray<Listed>,
          total: Number(answer.headers["x-total-count"]),
          next: nextOf(answer)
        }
      })
    const ids = (query: string) => Effect.map(list(query), ({ items }) => items.map((item) => item.id))
    const renew = Effect.gen(function*() {
      token = yield* accessToken(t.credentials)
    })
    /** Moves the clock, then opens a new session: the old one may have expired meanwhile. */
    const advance = (duration: Duration.DurationInput) => Effect.zipRight(TestClock.adjust(duration), renew)
    return { ...t, create, list, ids, renew, advance } as const
  })

const baseRequest = {
  organization_user_id: "alice",
  user_right_id: "cpra_access_my_data",
  status: "verified",
  request_fields: [{ field_id: "email", value: "alice@example.org" }],
  source: { type: "DSAR" }
}

/** The target of `link: <...>; rel="next"`, if there is one. */
const nextOf = (answer: Answer): string | undefined => {
  const header = answer.headers["link"]
  if (header === undefined) return undefined
  const match = /<([^>]*)>\s*;\s*rel="next"/.exec(header)
  expect(match, `a link header without rel="next": ${header}`).not.toBeNull()
  return match?.[1]
}

const sorted = (ids: ReadonlyArray<string>) => [...ids].sort()
const idsOf = (requests: ReadonlyArray<Listed>) => requests.map((request) => request.id)

// Every answer is checked against the document, `$select`'s partial items included.
layer(TestApp({ cheapHashing: true }))("listing requests", (it) => {
  it.effect("status filters: one status, status[$in] repeated or comma-separated, status comma-separated", () =>
    Effect.gen(function*() {
      const t = yield* listingTenant("Statuses")
      const statuses: ReadonlyArray<Status> = [
        "unverified",
        "verified",
        "work_in_progress",
        "fulfilled",
        "refused",
        "archived"
      ]
      const byStatus = new Map<string, string>()
      for (const status of statuses) byStatus.set(status, (yield* t.create({ status })).id)
      const expected = (...wanted: ReadonlyArray<Status>) => sorted(wanted.map((status) => byStatus.get(status)!))

      for (const status of statuses) {
        const { items, total } = yield* t.list(`status=${status}`)
        expect(items.map((item) => item.status)).toEqual([status])
        expect(total).toBe(1)
      }
      for (
        const query of [
          "status[$in]=verified&status[$in]=refused",
          "status[$in]=verified,refused",
          "status[$in]=verified, refused",
          "status=verified,refused",
          "status=verified&status=refused"
        ]
      ) {
        const { items, total } = yield* t.list(query)
        expect(sorted(idsOf(items)), query).toEqual(expected("verified", "refused"))
        expect(total, query).toBe(2)
      }
      expect(sorted(yield* t.ids("status[$in]=unverified,verified,work_in_progress,fulfilled,refused,archived")))
        .toEqual(expected(...statuses))
      expect((yield* t.list("")).total).toBe(6)
    }))

  it.effect("user_right_id, regulation_id and organization_user_id filters, combined with AND", () =>
    Effect.gen(function*() {
      const t = yield* listingTenant("Rights")
      const aliceAccess = yield* t.create()
      const aliceOptOut = yield* t.create({ user_right_id: "cpra_opt_out", status: "fulfilled" })
      const bobDelete = yield* t.create({
        organization_user_id: "bob@example.org",
        user_right_id: "cpra_delete_my_data"
      })
      const bobOptOut = yield* t.create({ organization_user_id: "bob@example.org", user_right_id: "cpra_opt_out" })

      expect(sorted(yield* t.ids("user_right_id=cpra_opt_out"))).toEqual(sorted([aliceOptOut.id, bobOptOut.id]))
      expect(sorted(yield* t.ids("user_right_id[$in]=cpra_opt_out,cpra_delete_my_data"))).toEqual(
        sorted([aliceOptOut.id, bobDelete.id, bobOptOut.id])
      )
      expect(sorted(yield* t.ids("user_right_id[$in]=cpra_access_my_data&user_right_id[$in]=cpra_delete_my_data")))
        .toEqual(
          sorted([aliceAccess.id, bobDelete.id])
        )
      expect(sorted(yield* t.ids("regulation_id=cpra"))).toEqual(
        sorted([aliceAccess.id, aliceOptOut.id, bobDelete.id, bobOptOut.id])
      )
      expect(sorted(yield* t.ids(`organization_user_id=${encodeURIComponent("bob@example.org")}`))).toEqual(
        sorted([bobDelete.id, bobOptOut.id])
      )
      expect(yield* t.ids("organization_user_id=carol")).toEqual([])
      expect(yield* t.ids("user_right_id=cpra_opt_out&status=verified")).toEqual([bobOptOut.id])
      expect(yield* t.ids("user_right_id=cpra_opt_out&organization_user_id=alice&status[$in]=fulfilled,refused"))
        .toEqual([aliceOptOut.id])
      const { total, next } = yield* t.list("user_right_id=cpra_opt_out&status=verified")
      expect([total, next]).toEqual([1, undefined])
      expect(pathsOf(expectError(yield* get("/dsar/requests?regulation_id=nosuch", t.token), 400))[0]).toMatch(
        /^regulation_id/
      )
    }))

  it.effect("email (extension): the requests whose emails go to the address, whatever its case, paged by the next link; not an address is a 400 naming it", () =>
    Effect.gen(function*() {
      const t = yield* listingTenant("Recipients")
      const alice = yield* t.create()
      const aliceAgain = yield* t.create({ user_right_id: "cpra_opt_out" })
      const bob = yield* t.create({
        organization_user_id: "bob",
        request_fields: [],
        user: { email: "Bob@Example.org" }
      })
      const carol = yield* t.create({
        organization_user_id: "carol",
        request_fields: [{ field_id: "email", value: " Carol@Example.ORG " }]
      })
      expect(yield* t.ids(`email=${encodeURIComponent("ALICE@example.org")}`)).toEqual([aliceAgain.id, alice.id])
      expect(yield* t.ids(`email=${encodeURIComponent("bob@example.org")}`)).toEqual([bob.id])
      expect(yield* t.ids(queryString({ $or: [{ email: "carol@example.org" }, { email: "BOB@example.org" }] })))
        .toEqual([carol.id, bob.id])
      expect(yield* t.ids(queryString({ email: "alice@example.org", user_right_id: "cpra_opt_out" }))).toEqual([
        aliceAgain.id
      ])
      const first = yield* t.list(`email=${encodeURIComponent("alice@example.org")}&$limit=1`)
      expect([first.items.map((item) => item.id), first.total]).toEqual([[aliceAgain.id], 2])
      const second = yield* get(first.next!, t.token)
      expect((second.json as ReadonlyArray<Listed>).map((item) => item.id)).toEqual([alice.id])
      expect(yield* t.ids(`email=${encodeURIComponent("nobody@example.org")}`)).toEqual([])
      const refused = expectError(yield* get("/dsar/requests?email=alice", t.token), 400)
      expect(pathsOf(refused)).toEqual(["email"])
    }))

  it.effect("Feathers' operators as qs writes them: $nin, $ne, $or, $and, ranges on updated_at, ids, $select, $limit=0", () =>
    Effect.gen(function*() {
      const t = yield* listingTenant("Operators")
      const a = yield* t.create({ status: "verified" })
      const b = yield* t.create({ status: "fulfilled", user_right_id: "cpra_opt_out" })
      const c = yield* t.create({ status: "unverified", organization_user_id: "carol" })
      yield* TestClock.adjust(Duration.minutes(1))
      const touched = yield* send({
        method: "PATCH",
        url: `/dsar/requests/${a.id}`,
        json: { status: "work_in_progress" },
        token: t.token
      })
      expect(touched.status).toBe(200)
      const updated = (touched.json as Listed).updated_at

      expect(yield* t.ids("status[$nin][0]=fulfilled&status[$nin][1]=unverified")).toEqual([a.id])
      expect(yield* t.ids("status[$ne]=fulfilled&$sort[created_at]=1")).toEqual([a.id, c.id])
      expect(yield* t.ids("$or[0][status]=fulfilled&$or[1][organization_user_id]=carol&$sort[id]=1")).toEqual(
        [b.id, c.id].sort()
      )
      expect(
        yield* t.ids(
          "$and[0][$or][0][status]=fulfilled&$and[0][$or][1][status]=unverified&$and[1][user_right_id][$ne]=cpra_opt_out"
        )
      ).toEqual([c.id])
      expect(yield* t.ids(`updated_at[$gte]=${encodeURIComponent(updated)}`)).toEqual([a.id])
      expect(yield* t.ids(`updated_at[$lt]=${encodeURIComponent(updated)}&$sort[created_at]=1`)).toEqual([b.id, c.id])
      expect(yield* t.ids(`id=${a.id}`)).toEqual([a.id])
      expect(yield* t.ids(`id[$gt]=${a.id}&$sort[id]=1`)).toEqual([b.id, c.id])
      expect(yield* t.ids(`source_id=${encodeURIComponent(a.source_id)}`)).toEqual([a.id])
      expect(yield* t.ids("validation_id[$ne]=null")).toEqual([c.id])
      expect(yield* t.ids("validation_id=null&$sort[created_at]=1")).toEqual([a.id, b.id])

      const selected = yield* t.list("$select[]=status&$select[]=created_at&$sort[created_at]=1")
      expect(selected.items).toEqual([
        { id: a.id, created_at: a.created_at, status: "work_in_progress" },
        { id: b.id, created_at: b.created_at, status: "fulfilled" },
        { id: c.id, created_at: c.created_at, status: "unverified" }
      ])
      const counted = yield* t.list("$limit=0&status[$in]=verified,work_in_progress,fulfilled")
      expect([counted.items, counted.total, counted.next]).toEqual([[], 2, undefined])
    }))

  it.effect("created_at and expires_at ranges: [$gte] is inclusive, [$lt] exclusive", () =>
    Effect.gen(function*() {
      const t = yield* listingTenant("Ranges")
      const first = yield* t.create()
      yield* t.advance(DAY)
      const second = yield* t.create()
      yield* t.advance(DAY)
      const third = yield* t.create({ user_right_id: "cpra_opt_out" })

      const at = (request: Listed, field: "created_at" | "expires_at") => encodeURIComponent(request[field])
      expect(sorted(yield* t.ids(`created_at[$gte]=${at(second, "created_at")}`))).toEqual(
        sorted([second.id, third.id])
      )
      expect(yield* t.ids(`created_at[$lt]=${at(second, "created_at")}`)).toEqual([first.id])
      expect(yield* t.ids(`created_at[$gte]=${at(second, "created_at")}&created_at[$lt]=${at(third, "created_at")}`))
        .toEqual([second.id])
      expect(yield* t.ids(`created_at[$gte]=${at(third, "created_at")}&created_at[$lt]=${at(third, "created_at")}`))
        .toEqual([])

      // The opt-out (15 business days) made last is due weeks before the access requests (45 days).
      expect(new Date(third.expires_at)).toEqual(responseDeadline("cpra_opt_out", new Date(third.created_at)))
      expect(yield* t.ids(`expires_at[$lt]=${at(first, "expires_at")}`)).toEqual([third.id])
      expect(yield* t.ids(`expires_at[$gte]=${at(first, "expires_at")}`)).toEqual([second.id, first.id])
      expect(yield* t.ids(`expires_at[$gte]=${at(third, "expires_at")}&expires_at[$lt]=${at(second, "expires_at")}`))
        .toEqual([third.id, first.id])
    }))

  it.effect("the overdue query, expires_at[$lt]=now with the open statuses, finds exactly the open requests past their deadline", () =>
    Effect.gen(function*() {
      const t = yield* listingTenant("Overdue")
      const open: Array<string> = []
      for (const status of ["unverified", "verified", "work_in_progress"] as const) {
        open.push((yield* t.create({ user_right_id: "cpra_opt_out", status })).id)
      }
      for (const status of ["fulfilled", "refused", "archived"] as const) {
        yield* t.create({ user_right_id: "cpra_opt_out", status })
      }
      const notYetDue = yield* t.create({ user_right_id: "cpra_access_my_data", status: "verified" })

      const overdue = (at: Date) =>
        t.list(
          `expires_at[$lt]=${encodeURIComponent(at.toISOString())}&status[$in]=unverified,verified,work_in_progress`
        )
      expect((yield* overdue(yield* now)).items).toEqual([])

      // 15 business days span at most 21 calendar days when no holiday falls in them.
      yield* t.advance(Duration.days(22))
      const { items, total } = yield* overdue(yield* now)
      expect(sorted(idsOf(items))).toEqual(sorted(open))
      expect(total).toBe(3)

      yield* t.advance(Duration.days(24))
      expect(sorted(idsOf((yield* overdue(yield* now)).items))).toEqual(sorted([...open, notYetDue.id]))
    }))

  it.effect("pages: 20 by default, x-total-count the number of matches, and a next link exactly when a next page exists", () =>
    Effect.gen(function*() {
      const t = yield* listingTenant("Pages")
      const created: Array<Listed> = []
      for (let i = 0; i < 25; i++) created.push(yield* t.create({ organization_user_id: `user-${i}` }))
      const newestFirst = idsOf(created).reverse()

      const first = yield* t.list("")
      expect(idsOf(first.items)).toEqual(newestFirst.slice(0, 20))
      expect(first.total).toBe(25)
      expect(first.next).toBeDefined()
      const second = yield* get(first.next!, t.token)
      expect(second.status).toBe(200)
      expect(idsOf(second.json as ReadonlyArray<Listed>)).toEqual(newestFirst.slice(20))
      expect(second.headers["x-total-count"]).toBe("25")
      expect(nextOf(second)).toBeUndefined()

      const cases: ReadonlyArray<readonly [string, number, number, boolean]> = [
        ["$limit=10", 0, 10, true],
        ["$limit=10&$skip=10", 10, 20, true],
        ["$limit=10&$skip=20", 20, 25, false],
        ["$limit=5&$skip=20", 20, 25, false],
        ["$limit=5&$skip=19", 19, 24, true],
        ["$skip=24", 24, 25, false],
        ["$skip=25", 25, 25, false],
        ["$skip=1000", 25, 25, false],
        ["$limit=25", 0, 25, false],
        ["$limit=24", 0, 24, true]
      ]
      for (const [query, from, to, hasNext] of cases) {
        const page = yield* t.list(query)
        expect(idsOf(page.items), query).toEqual(newestFirst.slice(from, to))
        expect(page.total, query).toBe(25)
        expect(page.next !== undefined, query).toBe(hasNext)
      }

      // Walking the next links visits every match once, in order.
      const walked: Array<string> = []
      let url: string | undefined = "/dsar/requests?$limit=7"
      let pages = 0
      while (url !== undefined) {
        const answer: Answer = yield* get(url, t.token)
        expect(answer.status, url).toBe(200)
        for (const id of idsOf(answer.json as ReadonlyArray<Listed>)) walked.push(id)
        url = nextOf(answer)
        pages++
      }
      expect(walked).toEqual(newestFirst)
      expect(pages).toBe(4)
    }))

  it.effect("the next link keeps the filters and the sort of the query", () =>
    Effect.gen(function*() {
      const t = yield* listingTenant("Next link")
      const optOuts: Array<string> = []
      for (let i = 0; i < 5; i++) {
        optOuts.push((yield* t.create({ user_right_id: "cpra_opt_out" })).id)
        yield* t.create({ status: "archived" })
      }
      const walked: Array<string> = []
      let url: string | undefined =
        "/dsar/requests?user_right_id=cpra_opt_out&status[$in]=verified&$sort[created_at]=1&$limit=2"
      while (url !== undefined) {
        const answer: Answer = yield* get(url, t.token)
        expect(answer.status, url).toBe(200)
        expect(answer.headers["x-total-count"]).toBe("5")
        for (const id of idsOf(answer.json as ReadonlyArray<Listed>)) walked.push(id)
        url = nextOf(answer)
      }
      expect(walked).toEqual(optOuts)
    }))

  it.effect("pages hold at most 100 requests: $limit=100 is served, and a larger $limit is served as 100, as Feathers' paginate.max does", () =>
    Effect.gen(function*() {
      const t = yield* listingTenant("Hundred")
      for (let i = 0; i < 101; i++) yield* t.create()
      const full = yield* t.list("$limit=100")
      expect(full.items).toHaveLength(100)
      expect(full.total).toBe(101)
      expect(full.next).toBeDefined()
      const rest = yield* get(full.next!, t.token)
      expect((rest.json as ReadonlyArray<Listed>).length).toBe(1)
      expect(nextOf(rest)).toBeUndefined()
      expect((yield* t.list("")).items).toHaveLength(20)
      const clamped = yield* t.list("$limit=101")
      expect(idsOf(clamped.items)).toEqual(idsOf(full.items))
      expect(clamped.next).toBe(full.next)
    }))

  it.effect("$sort[field]=1 sorts ascending and -1 descending; newest first by default", () =>
    Effect.gen(function*() {
      const t = yield* listingTenant("Sort")
      const a = yield* t.create({ user_right_id: "cpra_access_my_data", status: "work_in_progress" })
      const b = yield* t.create({ user_right_id: "cpra_opt_out", status: "archived" })
      const c = yield* t.create({ user_right_id: "cpra_delete_my_data", status: "verified" })
      const d = yield* t.create({ user_right_id: "cpra_opt_out", status: "fulfilled" })
      // `a` changes last, so it is the most recently updated.
      const touched = yield* send({
        method: "PATCH",
        url: `/dsar/requests/${a.id}`,
        json: { metadata: { touched: true } },
        token: t.token
      })
      expect(touched.status).toBe(200)

      expect(yield* t.ids("")).toEqual([d.id, c.id, b.id, a.id])
      expect(yield* t.ids("$sort[created_at]=-1")).toEqual([d.id, c.id, b.id, a.id])
      expect(yield* t.ids("$sort[created_at]=1")).toEqual([a.id, b.id, c.id, d.id])
      expect(yield* t.ids("$sort[updated_at]=-1")).toEqual([a.id, d.id, c.id, b.id])
      // Opt-outs are due in 15 days, the others in 45.
      expect(yield* t.ids("$sort[expires_at]=1")).toEqual([b.id, d.id, a.id, c.id])
      expect(yield* t.ids("$sort[expires_at]=-1")).toEqual([c.id, a.id, d.id, b.id])
      // Text sorts by code unit.
      expect(yield* t.ids("$sort[status]=1")).toEqual([b.id, d.id, c.id, a.id])
      expect(yield* t.ids("$sort[status]=-1")).toEqual([a.id, c.id, d.id, b.id])
      expect(pathsOf(expectError(yield* get("/dsar/requests?$sort[created_at]=2", t.token), 400))).toEqual([
        "$sort[created_at]"
      ])
    }))

  it.effect("several $sort keys apply in the order the query gives them", () =>
    Effect.gen(function*() {
      const t = yield* listingTenant("Sort keys")
      const a = yield* t.create({ user_right_id: "cpra_opt_out" })
      const b = yield* t.create({ user_right_id: "cpra_access_my_data" })
      const c = yield* t.create({ user_right_id: "cpra_opt_out" })
      const d = yield* t.create({ user_right_id: "cpra_access_my_data" })
      // By right first, newest first within a right.
      expect(yield* t.ids("$sort[user_right_id]=1&$sort[created_at]=-1")).toEqual([d.id, b.id, c.id, a.id])
      // By creation first: the right never gets to break a tie.
      expect(yield* t.ids("$sort[created_at]=-1&$sort[user_right_id]=1")).toEqual([d.id, c.id, b.id, a.id])
    }))

  it.effect(
    `an order no index gives sorts at most ${QueryLimits.sorted} requests: a larger listing is a 400 naming $sort, while an indexed order or a narrower filter is answered`,
    () =>
      Effect.gen(function*() {
        const t = yield* listingTenant("Unindexed sorts")
        const model = yield* t.create()
        const opted = yield* t.create({ user_right_id: "cpra_opt_out" })
        // Copies straight into the store: creating ten thousand requests over HTTP would only be slower.
        const requests = yield* RequestsStore
        const stored = yield* requests.findById(t.credentials.organization_id, model.id as RequestId)
        const value = Option.getOrThrow(stored).value
        for (let i = 0; i < QueryLimits.sorted; i++) {
          yield* requests.insert({ ...value, id: `${model.id}${String(i).padStart(5, "0")}` as RequestId })
        }
        const mixed = "$sort[user_right_id]=1&$sort[created_at]=-1"
        const refused = expectError(yield* get(`/dsar/requests?${mixed}`, t.token), 400)
        expect(refused.errors).toEqual([{
          path: "$sort",
          message:
            `has no index in this order, so it may sort at most ${QueryLimits.sorted} requests and these filters match ${
              QueryLimits.sorted + 2
            }; sort on one field, or on one of status, user_right_id, regulation_id, organization_user_id then created_at in one direction, or narrow the filters`
        }])
        // The same order on a listing small enough, and indexed orders on the whole.
        expect(yield* t.ids(`${mixed}&user_right_id=cpra_opt_out`)).toEqual([opted.id])
        expect((yield* t.list("$sort[user_right_id]=1&$sort[created_at]=1&$limit=1")).total).toBe(
          QueryLimits.sorted + 2
        )
        expect((yield* t.list("$sort[status]=-1&$limit=1")).total).toBe(QueryLimits.sorted + 2)
      }),
    60_000
  )
})
