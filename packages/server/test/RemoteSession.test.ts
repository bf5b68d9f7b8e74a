import { CreateRequest, createRequestExample, type OrganizationId } from "@dsar/domain"
import { PrivacyRequests } from "@dsar/http"
import { expect, layer } from "@effect/vitest"
import { Context, Duration, Effect, Layer, Schema, TestClock } from "effect"
import { type Exchange, remoteWith, watchedHttp } from "./support/Clients.js"
import { newOrganization } from "./support/Organizations.js"
import { TestApp } from "./support/TestApp.js"

// The remote client's session against this project's server on loopback, whose tokens live one
// minute here: the test clock moves past their lifetime between calls.

const TTL = Duration.minutes(1)
const newRequest = () => Schema.decodeUnknownSync(CreateRequest)(createRequestExample)

/** A remote client of a new organisation whose every exchange is noted. */
const watchedClient = (options: { readonly secret?: string; readonly organizationId?: OrganizationId } = {}) =>
  Effect.gen(function*() {
    const exchanges: Array<Exchange> = []
    const credentials = yield* newOrganization("Remote")
    const connected = remoteWith(watchedHttp(exchanges)).connect(
      { ...credentials, ...(options.secret !== undefined && { secret: options.secret }) },
      options.organizationId === undefined ? {} : { organizationId: options.organizationId }
    )
    const requests = Context.get(yield* Layer.build(connected), PrivacyRequests)
    const logins = () => exchanges.filter((exchange) => exchange.path === "/v1/sessions").length
    return { requests, exchanges, logins, credentials }
  })

const summary = (exchanges: ReadonlyArray<Exchange>) =>
  exchanges.map(({ method, path, status }) => `${method} ${path.replace(/req_\w+/, ":id")} ${status}`)

layer(TestApp({ cheapHashing: true, sessionTtl: TTL }))("the remote client's session", (it) => {
  it.scoped("a token that expires mid-run is renewed transparently: the call answered 401 logs in once more and succeeds", () =>
    Effect.gen(function*() {
      const { requests, exchanges, logins } = yield* watchedClient()
      const created = yield* requests.create(newRequest())
      yield* TestClock.adjust(Duration.sum(TTL, Duration.seconds(1)))
      expect(yield* requests.get(created.id)).toEqual(created)
      yield* TestClock.adjust(Duration.sum(TTL, Duration.seconds(1)))
      const note = yield* requests.addNote({ request_id: created.id, value: "Renewed" })
      expect(yield* requests.listNotes(created.id)).toEqual([note])

      expect(logins()).toBe(3)
      expect(summary(exchanges)).toEqual([
        "POST /v1/sessions 201",
        "POST /dsar/requests 201",
        "GET /dsar/requests/:id 401",
        "POST /v1/sessions 201",
        "GET /dsar/requests/:id 200",
        "POST /dsar/requests/notes 401",
        "POST /v1/sessions 201",
        "POST /dsar/requests/notes 201",
        "GET /dsar/requests/notes 200"
      ])
    }))

  it.scoped("calls refused together for an expired token share one new login", () =>
    Effect.gen(function*() {
      const { requests, logins } = yield* watchedClient()
      const created = yield* requests.create(newRequest())
      yield* TestClock.adjust(Duration.sum(TTL, Duration.seconds(1)))
      const read = yield* Effect.all(Array.from({ length: 6 }, () => requests.get(created.id)), {
        concurrency: "unbounded"
      })
      expect(read).toEqual(Array(6).fill(created))
      expect(logins()).toBe(2)
    }))

  it.scoped("a wrong secret is NotAuthenticated after a single login attempt", () =>
    Effect.gen(function*() {
      const { requests, exchanges } = yield* watchedClient({ secret: "not the secret" })
      const error = yield* Effect.flip(requests.list())
      expect(error._tag).toBe("NotAuthenticated")
      expect(summary(exchanges)).toEqual(["POST /v1/sessions 401"])
    }))

  it.scoped("naming another organisation than the key's is Forbidden on every call", () =>
    Effect.gen(function*() {
      const other = yield* newOrganization("Other")
      const { requests } = yield* watchedClient({ organizationId: other.organization_id })
      const errors = [
        yield* Effect.flip(requests.list()),
        yield* Effect.flip(requests.create(newRequest())),
        yield* Effect.flip(requests.rights)
      ]
      expect(errors.map((error) => error._tag)).toEqual(["Forbidden", "Forbidden", "Forbidden"])
    }))
})
