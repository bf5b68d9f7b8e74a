import { CreateRequest, createRequestExample, listRequestsExample, Request, RequestId } from "@dsar/domain"
import { PrivacyRequests, type PrivacyRequestsError, TransportError } from "@dsar/http"
import { FetchHttpClient, HttpClient, HttpClientError } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Layer, Redacted, Schema } from "effect"
import { RemotePrivacyRequests } from "../../src/remote.js"
import { type Answer, scriptedApi } from "../support/ScriptedApi.js"

// What the remote client does when the server misbehaves: retries of reads on 429 and 5xx with
// growing, jittered delays, none of a create, a timeout per attempt, and every such failure a
// TransportError. Against a scripted server on loopback, on the real clock.

const example = Schema.decodeUnknownSync(Request)(listRequestsExample[0])
const id = RequestId.make("req-1")
const newRequest = Schema.decodeUnknownSync(CreateRequest)(createRequestExample)

/** What a call failed with: a transport failure's reason, else the error's name. */
const failureOf = <A>(call: Effect.Effect<A, PrivacyRequestsError>) =>
  Effect.map(Effect.flip(call), (error) => (error instanceof TransportError ? error.reason : error._tag))

const clientOf = (baseUrl: string, options: Partial<RemotePrivacyRequests.RemoteOptions> = {}) =>
  Effect.map(
    Layer.build(
      RemotePrivacyRequests.layer({
        baseUrl,
        key: "key",
        secret: Redacted.make("secret"),
        backoff: "20 millis",
        ...options
      }).pipe(
        Layer.provide(FetchHttpClient.layer)
      )
    ),
    Context.get(PrivacyRequests)
  )

const scripted = (
  script: Readonly<Record<string, ReadonlyArray<Answer>>>,
  options: Partial<RemotePrivacyRequests.RemoteOptions> = {}
) =>
  Effect.gen(function*() {
    const api = yield* scriptedApi(script)
    const requests = yield* clientOf(api.url, options)
    const hitsOf = (route: string) => api.hits.filter((hit) => hit.route === route)
    return { requests, hitsOf }
  })

describe("the remote client under a failing server", () => {
  it.live("a read answered 503, then 502, then 200 is retried until it succeeds; so is a PATCH, which repeats to the same result", () =>
    Effect.gen(function*() {
      const { requests, hitsOf } = yield* scripted({
        "GET /dsar/requests/:id": [503, 502, 200],
        "PATCH /dsar/requests/:id": [500, 200]
      })
      expect(yield* requests.get(id)).toEqual(example)
      expect(hitsOf("GET /dsar/requests/:id")).toHaveLength(3)
      expect(yield* requests.patch(id, { status: "verified" })).toEqual(example)
      expect(hitsOf("PATCH /dsar/requests/:id")).toHaveLength(2)
    }).pipe(Effect.scoped))

  it.live("a read answered 429 every time is tried 1 + retries times, waiting twice as long each time, then fails with a TransportError", () =>
    Effect.gen(function*() {
      const { requests, hitsOf } = yield* scripted({ "GET /dsar/requests": [429] }, { retries: 3 })
      const error = yield* Effect.flip(requests.list())
      expect(error).toBeInstanceOf(TransportError)
      expect([(error as TransportError).reason, error.message]).toEqual([
        "UnexpectedResponse",
        expect.stringContaining("429")
      ])
      const times = hitsOf("GET /dsar/requests").map((hit) => hit.at)
      expect(times).toHaveLength(4)
      const waits = times.slice(1).map((at, i) => at - times[i]!)
      // 20, 40 and 80 ms, each at least 0.8 times that (the jitter); a busy machine only adds.
      expect(waits.map((wait, i) => wait >= 0.8 * 20 * 2 ** i)).toEqual([true, true, true])
    }).pipe(Effect.scoped))

  it.live("a create answered 503 is sent once, never repeated, and fails with a TransportError", () =>
    Effect.gen(function*() {
      const { requests, hitsOf } = yield* scripted({ "POST /dsar/requests": [503, 201] })
      const error = yield* Effect.flip(requests.create(newRequest))
      expect(error).toBeInstanceOf(TransportError)
      expect(error.message).toContain("503")
      expect(hitsOf("POST /dsar/requests")).toHaveLength(1)
    }).pipe(Effect.scoped))

  it.live("a note and a link, which create, are not repeated either", () =>
    Effect.gen(function*() {
      const { requests, hitsOf } = yield* scripted({ "POST /dsar/requests/notes": [500], "POST /dsar/links": [502] })
      expect(yield* failureOf(requests.addNote({ request_id: id, value: "Called" }))).toBe("UnexpectedResponse")
      const link = {
        action: "request.update",
        event: { status: "verified", request_id: id },
        redirect_url: "https://example.org/",
        lifetime: 900
      } as const
      expect(yield* failureOf(requests.createLink(link))).toBe("UnexpectedResponse")
      expect([hitsOf("POST /dsar/requests/notes").length, hitsOf("POST /dsar/links").length]).toEqual([1, 1])
    }).pipe(Effect.scoped))

  it.live("an attempt that gets no answer times out, is tried again, then fails with a Timeout", () =>
    Effect.gen(function*() {
      const { requests, hitsOf } = yield* scripted({ "GET /dsar/requests/:id": ["silence"] }, {
        timeout: "150 millis",
        retries: 1
      })
      expect(yield* failureOf(requests.get(id))).toBe("Timeout")
      expect(hitsOf("GET /dsar/requests/:id")).toHaveLength(2)
    }).pipe(Effect.scoped))

  it.live("an answer the contract cannot decode is an UnexpectedResponse, not retried", () =>
    Effect.gen(function*() {
      const { requests, hitsOf } = yield* scripted({ "GET /dsar/requests/:id": ["garbage"] })
      expect(yield* failureOf(requests.get(id))).toBe("UnexpectedResponse")
      expect(hitsOf("GET /dsar/requests/:id")).toHaveLength(1)
    }).pipe(Effect.scoped))

  it.live("a server nobody listens at is Unreachable", () =>
    Effect.gen(function*() {
      const api = yield* scriptedApi({})
      api.close()
      const requests = yield* clientOf(api.url, { retries: 1 })
      expect(yield* failureOf(requests.rights)).toBe("Unreachable")
    }).pipe(Effect.scoped))

  it.scoped("without a base URL the client talks to the hosted API, opening its session at /v1/sessions", () =>
    Effect.gen(function*() {
      const urls: Array<string> = []
      const offline = HttpClient.make((request) =>
        Effect.sync(() => urls.push(request.url)).pipe(
          Effect.zipRight(
            Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", description: "offline" }))
          )
        )
      )
      const requests = Context.get(
        yield* Layer.build(
          RemotePrivacyRequests.layer({ key: "key", secret: Redacted.make("secret"), retries: 0 }).pipe(
            Layer.provide(Layer.succeed(HttpClient.HttpClient, offline))
          )
        ),
        PrivacyRequests
      )
      expect(yield* failureOf(requests.rights)).toBe("Unreachable")
      expect(urls).toEqual(["https://api.didomi.io/v1/sessions"])
    }))
})
