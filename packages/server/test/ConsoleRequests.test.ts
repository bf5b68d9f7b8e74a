import { NodeIdGenerator, ScryptSecretHasher } from "@dsar/adapters"
import { InMemoryStores } from "@dsar/adapters/memory"
import {
  type Actor,
  allowedTargets,
  type CreateRequest,
  isDueSoon,
  isOverdue,
  OrganizationUserId,
  type Request,
  RequestId,
  Statuses
} from "@dsar/domain"
import {
  actionNotice,
  addNote,
  changeStatus,
  csvDownload,
  dashboardBody,
  dashboardData,
  everyListed,
  listingPage,
  NotesService,
  offeredStatuses,
  OrganizationsService,
  parseListQuery,
  QueryLimits,
  queryString,
  Raw,
  readConsoleListing,
  requestPageBody,
  requestPageData,
  requestsCsvHeader,
  requestsCsvRows,
  RequestServicesLive,
  requestsListBody,
  RequestsService,
  RequestsStore,
  Settings
} from "@dsar/http"
import { parse } from "csv-parse/sync"
import { Chunk, Duration, Effect, Either, Layer, Stream } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

// The console's request pages over the services the API uses, on in-memory storage: the figures
// of the dashboard against the domain's predicates, the list's query against the API's, and every
// action through the same services, refusals leaving the request as it was.

const DAY = 86_400_000

const support = Layer.mergeAll(
  InMemoryStores.layer,
  NodeIdGenerator.layer,
  ScryptSecretHasher.layerWith({ N: 1024, r: 8, p: 1 }),
  Layer.succeed(Settings, { publicBaseUrl: "http://localhost", sessionTtl: Duration.hours(1) })
)
const services = RequestServicesLive.pipe(Layer.provideMerge(support))

const actor: Actor = { type: "system", id: "console-test" }

const newRequest = (user: string, overrides: Partial<CreateRequest> = {}): CreateRequest => ({
  organization_user_id: OrganizationUserId.make(user),
  user_right_id: "gdpr_access",
  status: "verified",
  request_fields: [{ field_id: "email", value: `${user}@example.org` }],
  source: { type: "DSAR" },
  ...overrides
})

const seeded = Effect.gen(function*() {
  const organizations = yield* OrganizationsService
  const requests = yield* RequestsService
  const { organization_id } = yield* organizations.create({
    name: "Acme",
    default_redirect_url: "https://acme.example/"
  })
  const made: Array<Request> = []
  for (
    const [user, status] of [
      ["ann", "unverified"],
      ["bob", "verified"],
      ["cat", "verified"],
      ["dan", "work_in_progress"],
      ["eve", "fulfilled"],
      ["fay", "refused"]
    ] as const
  ) {
    made.push(
      yield* requests.create(
        organization_id,
        newRequest(user, { status, user_right_id: user === "dan" ? "cpra_delete_my_data" : "gdpr_access" }),
        actor
      )
    )
  }
  return { organization_id, made }
})

const run = <A, E>(effect: Effect.Effect<A, E, Layer.Layer.Success<typeof services>>) =>
  Effect.runPromise(Effect.provide(effect, services))

const listing = (search: string) => Either.getOrThrow(readConsoleListing(search))

describe("the dashboard", () => {
  it("counts each status, the overdue and the due within 7 days as the domain's predicates say, at any instant", () =>
    run(Effect.gen(function*() {
      const { organization_id, made } = yield* seeded
      for (const later of [0, 20, 27, 40]) {
        const now = new Date(Date.now() + later * DAY)
        const data = yield* dashboardData(organization_id, now)
        expect(Statuses.map((s) => data.byStatus[s])).toEqual(
          Statuses.map((s) => made.filter((r) => r.status === s).length)
        )
        expect(data.overdue).toBe(made.filter((r) => isOverdue(r, now)).length)
        expect(data.dueSoon).toBe(made.filter((r) => isDueSoon(r, now, 7)).length)
      }
    })))

  it("counts this week's requests in the last week of the chart, and the median over the answered ones", () =>
    run(Effect.gen(function*() {
      const { organization_id } = yield* seeded
      const data = yield* dashboardData(organization_id, new Date())
      expect(data.received.at(-1)!.count).toBe(6)
      expect(data.received.slice(0, -1).every((row) => row.count === 0)).toBe(true)
      expect(data.medianOver).toBe(2)
      expect(data.medianTimeToClose).not.toBeNull()
    })))

  it("links its overdue figure to the list URL that lists exactly the overdue requests", () =>
    run(Effect.gen(function*() {
      const { organization_id, made } = yield* seeded
      const now = new Date(Date.now() + 40 * DAY)
      const body = dashboardBody(yield* dashboardData(organization_id, now)).html
      const href =
        /<a class="tile[^"]*" href="([^"]+)"><span class="tile-count">\d+<\/span><span class="tile-label">overdue/
          .exec(body)![1]!.replace(/&#38;/g, "&")
      const page = yield* listingPage(organization_id, listing(new URL(href, "http://localhost").search))
      expect(page.items.map((r) => r.id).sort()).toEqual(made.filter((r) => isOverdue(r, now)).map((r) => r.id).sort())
      expect(body).toContain("<title id=\"chart-title\">Requests received per week</title>")
      expect(body).toContain("<caption>Requests received per week")
    })))
})

describe("the requests list", () => {
  it("reads the filter form as the API's query: empty fields ignored, the sort field, a status list", () =>
    run(Effect.gen(function*() {
      const { organization_id, made } = yield* seeded
      const page = yield* listingPage(
        organization_id,
        listing(
          "q=&status%5B%24in%5D%5B%5D=verified&status%5B%24in%5D%5B%5D=unverified&created_at%5B%24gte%5D=&sort=created_at"
        )
      )
      expect(page.items.map((r) => r.id)).toEqual(
        made.filter((r) => r.status === "verified" || r.status === "unverified").map((r) => r.id)
      )
    })))

  it("searches by user id and by email, whatever the email's case", () =>
    run(Effect.gen(function*() {
      const { organization_id, made } = yield* seeded
      const byUser = yield* listingPage(organization_id, listing("q=cat"))
      const byEmail = yield* listingPage(organization_id, listing("q=CAT%40example.org"))
      const cat = made.filter((r) => r.organization_user_id === "cat").map((r) => r.id)
      expect(byUser.items.map((r) => r.id)).toEqual(cat)
      expect(byEmail.items.map((r) => r.id)).toEqual(cat)
    })))

  it("finds by email a request older than the latest 2,000, and exports it alone", () =>
    run(Effect.gen(function*() {
      const { organization_id } = yield* seeded
      const requests = yield* RequestsService
      const old = yield* requests.create(
        organization_id,
        newRequest("old", { request_fields: [{ field_id: "email", value: "Old@Example.org" }] }),
        actor
      )
      // The 2,000 newer ones as copies of one created request, each a millisecond later, stored
      // as they are: creating each would look for its duplicates among all the others.
      const newer = yield* requests.create(organization_id, newRequest("new"), actor)
      const store = yield* RequestsStore
      for (let i = 1; i < 2_000; i++) {
        yield* store.insert({
          ...newer,
          id: RequestId.make(`${newer.id}_${i}`),
          created_at: new Date(newer.created_at.getTime() + i)
        })
      }
      const search = listing("q=OLD%40example.org&$limit=5")
      const page = yield* listingPage(organization_id, search)
      expect([page.items.map((r) => r.id), page.total]).toEqual([[old.id], 1])
      const exported = Chunk.toReadonlyArray(yield* Stream.runCollect(yield* everyListed(organization_id, search)))
      expect(exported.map((r) => r.id)).toEqual([old.id])
      const body = requestsListBody(search, page, new Date()).html
      expect(body).toContain("Requests 1–1 of 1.")
      expect(body).not.toMatch(/latest/)
    })), 120_000)

  it("pages with $skip and $limit, the next page linked while more remain", () =>
    run(Effect.gen(function*() {
      const { organization_id } = yield* seeded
      const first = listing("$limit=4")
      const page = yield* listingPage(organization_id, first)
      expect(page.items).toHaveLength(4)
      expect(page.total).toBe(6)
    })))

  it("reads any API query as the API does, whatever form fields are left empty, and the form's sort as $sort", () => {
    fc.assert(fc.property(
      fc.subarray([...Statuses]),
      fc.constantFrom("created_at", "expires_at", "updated_at"),
      fc.constantFrom(1 as const, -1 as const),
      fc.integer({ min: 0, max: 100 }),
      fc.subarray(["q", "created_at[$gte]", "user_right_id[$in][]"]),
      (statuses, field, direction, limit, empty) => {
        const api = queryString({ status: { $in: statuses }, $sort: { [field]: direction }, $limit: limit })
        const sent = [api, ...empty.map((key) => `${encodeURIComponent(key)}=`)].join("&")
        const expected = Either.getOrThrow(parseListQuery(api))
        expect(Either.getOrThrow(readConsoleListing(sent)).query).toEqual(expected)
        const fromForm = [
          queryString({ status: { $in: statuses }, $limit: limit }),
          `sort=${direction === -1 ? "-" : ""}${field}`
        ]
        expect(Either.getOrThrow(readConsoleListing(fromForm.join("&"))).query).toEqual(expected)
      }
    ))
  })

  it("refuses a query the API refuses, naming the parameter, and another organisation's id", () => {
    const refused = readConsoleListing("status=done")
    expect(Either.isLeft(refused) && refused.left.errors.map((e) => e.path)).toEqual(["status"])
    for (const q of ["not%40an%40email", "%40example.org", "jane%40"]) {
      const search = readConsoleListing(`q=${q}`)
      expect(Either.isLeft(search) && search.left.errors, q).toEqual([
        { path: "q", message: "must be an email or a user id" }
      ])
    }
    const other = readConsoleListing("organization_id=org_x")
    expect(Either.isLeft(other) && other.left.errors.map((e) => e.path)).toEqual(["organization_id"])
  })

  it("exports the current filter as the CLI's CSV: a header and one parsed row per listed request", () =>
    run(Effect.gen(function*() {
      const { organization_id, made } = yield* seeded
      const rows = Chunk.toReadonlyArray(
        yield* Stream.runCollect(yield* everyListed(organization_id, listing("status=verified"), 1))
      )
      const parsed = parse(requestsCsvHeader + requestsCsvRows(rows), { columns: true }) as Array<
        Record<string, string>
      >
      expect(parsed.map((row) => row.id).sort()).toEqual(
        made.filter((r) => r.status === "verified").map((r) => r.id).sort()
      )
      expect(parsed.map((row) => row.email).sort()).toEqual(["bob@example.org", "cat@example.org"])
    })))
})

describe("the CSV download", () => {
  it("is an attachment of the whole filter, whatever its page, never cached", () =>
    run(Effect.gen(function*() {
      const { organization_id, made } = yield* seeded
      const now = new Date("2026-05-04T10:00:00.000Z")
      const response = yield* csvDownload(organization_id, listing("status=verified&$skip=1&$limit=1"), now)
      expect(response.headers["content-disposition"]).toBe(`attachment; filename="requests-2026-05-04.csv"`)
      expect(response.headers["cache-control"]).toBe("no-store")
      const body = response.body
      expect(body._tag).toBe("Stream")
      const text = body._tag === "Stream"
        ? (yield* Stream.runCollect(Stream.decodeText(body.stream))).pipe(Chunk.join(""))
        : ""
      const parsed = parse(text, { columns: true }) as Array<Record<string, string>>
      expect(parsed.map((row) => row.id).sort()).toEqual(
        made.filter((r) => r.status === "verified").map((r) => r.id).sort()
      )
    })))
})

describe("a listing in an order no index gives", () => {
  it(
    `is refused as the API refuses it once it holds more than ${QueryLimits.sorted} requests, by the list and by the CSV before any byte`,
    () =>
      run(Effect.gen(function*() {
        const { organization_id, made } = yield* seeded
        const store = yield* RequestsStore
        for (let i = 0; i < QueryLimits.sorted; i++) {
          yield* store.insert({ ...made[1]!, id: RequestId.make(`${made[1]!.id}_${i}`) })
        }
        const mixed = listing("sort=status&sort=-updated_at")
        const refusal = (yield* Effect.flip(listingPage(organization_id, mixed))).errors.map((e) => e.path)
        expect(refusal).toEqual(["$sort"])
        const download = yield* Effect.flip(csvDownload(organization_id, mixed, new Date()))
        expect(download.errors.map((e) => e.path)).toEqual(["$sort"])
        // Narrowed to a few, the same order is answered.
        const few = yield* listingPage(organization_id, listing("sort=status&sort=-updated_at&status[$ne]=verified"))
        expect(few.total).toBe(4)
      })),
    120_000
  )
})

describe("the request page's actions", () => {
  // allowedTargets is checked against the xstate machine for every pair (domain Lifecycle.machine.test.ts).
  it("offers, from every status, the statuses the lifecycle allows, and none once the request is erased", () => {
    for (const from of Statuses) {
      expect(offeredStatuses({ status: from }), from).toEqual(allowedTargets(from))
      expect(offeredStatuses({ status: from, erasure: { at: new Date(), by: actor } }), from).toEqual([])
    }
  })

  it("reads the page's request, timeline and notes through the services; a refusal reads in the service's words", () =>
    run(Effect.gen(function*() {
      const { organization_id, made } = yield* seeded
      yield* addNote(organization_id, made[3]!.id, { value: "Waiting for the data team" })
      const data = yield* requestPageData(organization_id, made[3]!.id)
      expect(data.request.id).toBe(made[3]!.id)
      expect(data.history.map((e) => e.action)).toEqual(["request.create"])
      expect(data.notes.map((n) => n.value)).toEqual(["Waiting for the data team"])
      const refused = yield* Effect.either(
        changeStatus(organization_id, made[3]!.id, { status: "refused", reason: "other" }, actor)
      )
      const notice = actionNotice(refused, "Refused")
      expect(notice.kind).toBe("error")
      expect(notice.text).toMatch(/details/)
      expect(actionNotice(Either.right(1), "Refused")).toEqual({ kind: "done", text: "Refused" })
    })))

  it("moves verified to work in progress then fulfilled with a download link, through the same service", () =>
    run(Effect.gen(function*() {
      const { organization_id, made } = yield* seeded
      const bob = made[1]!
      yield* changeStatus(organization_id, bob.id, { status: "work_in_progress" }, actor)
      const done = yield* changeStatus(
        organization_id,
        bob.id,
        { status: "fulfilled", download_link: "https://files.acme.example/bob.zip" },
        actor
      )
      expect(done.status).toBe("fulfilled")
      expect(done.extra_message_variables.download_link).toBe("https://files.acme.example/bob.zip")
      const history = yield* (yield* RequestsService).history(organization_id, bob.id)
      expect(history.map((e) => e.to_status)).toEqual(["verified", "work_in_progress", "fulfilled"])
    })))

  it("refuses with a reason; without one, or to a status the lifecycle forbids, it fails and nothing changes", () =>
    run(Effect.gen(function*() {
      const { organization_id, made } = yield* seeded
      const cat = made[2]!
      const requests = yield* RequestsService
      const missing = yield* Effect.either(
        changeStatus(organization_id, cat.id, { status: "refused", reason: "other" }, actor)
      )
      expect(Either.isLeft(missing) && missing.left._tag).toBe("BadRequest")
      const forbidden = yield* Effect.either(changeStatus(organization_id, made[4]!.id, { status: "verified" }, actor))
      expect(Either.isLeft(forbidden)).toBe(true)
      expect((yield* requests.get(organization_id, cat.id)).status).toBe("verified")
      const refused = yield* changeStatus(
        organization_id,
        cat.id,
        { status: "refused", reason: "exempt", details: "" },
        actor
      )
      expect(refused.refusal).toEqual({ reason: "exempt" })
    })))

  it("adds a note; an empty one is refused", () =>
    run(Effect.gen(function*() {
      const { organization_id, made } = yield* seeded
      yield* addNote(organization_id, made[0]!.id, { value: "Called the requester" })
      expect(Either.isLeft(yield* Effect.either(addNote(organization_id, made[0]!.id, { value: "  " })))).toBe(true)
      const notes = yield* (yield* NotesService).list(organization_id, made[0]!.id)
      expect(notes.map((n) => n.value)).toEqual(["Called the requester"])
    })))

  it("offers one button per status the lifecycle allows from the current one, and none to a viewer", () =>
    run(Effect.gen(function*() {
      const { organization_id, made } = yield* seeded
      const requests = yield* RequestsService
      for (const request of made) {
        const view = {
          request,
          history: yield* requests.history(organization_id, request.id),
          notes: [],
          now: new Date(),
          csrf: new Raw("<input type=\"hidden\" name=\"csrf\" value=\"t\">")
        }
        const body = requestPageBody({ ...view, mayChange: true, mayErase: false }).html
        const offered = [...body.matchAll(/name="status" value="([a-z_]+)"/g)].map((m) => m[1])
        expect(offered.sort()).toEqual([...allowedTargets(request.status)].sort())
        expect(requestPageBody({ ...view, mayChange: false, mayErase: false }).html).not.toContain("<form")
      }
    })))
})
