import { createLinkExample, createRequestExample } from "@dsar/domain"
import { MaxBodyBytes } from "@dsar/http"
import { expect, layer } from "@effect/vitest"
import { Duration, Effect, Layer, Logger } from "effect"
import {
  type Answer,
  expectError,
  get,
  type Method,
  patch,
  pathsOf,
  post,
  postChunked,
  requestCount,
  type Send,
  send,
  snapshot,
  tenant
} from "./support/Http.js"
import { TestApp } from "./support/TestApp.js"

// One error shape everywhere, the hosted API's: `{ code, name, message, errors }` and nothing else,
// `errors` a list of `{ path, message }` naming the offending properties, served as JSON.

/** Every `/dsar` route, with a body that would be accepted, for the request `id`. */
const dsarRoutes = (
  id: string
): ReadonlyArray<{ readonly method: Method; readonly url: string; readonly json?: unknown }> => [
  { method: "POST", url: "/dsar/requests", json: createRequestExample },
  { method: "GET", url: "/dsar/requests" },
  { method: "GET", url: `/dsar/requests/${id}` },
  { method: "PATCH", url: `/dsar/requests/${id}`, json: { metadata: { touched: true } } },
  { method: "GET", url: `/dsar/requests/${id}/history` },
  { method: "POST", url: "/dsar/requests/notes", json: { request_id: id, value: "a note" } },
  { method: "GET", url: `/dsar/requests/notes?request_id=${id}` },
  { method: "POST", url: "/dsar/links", json: { ...createLinkExample, event: { status: "archived", request_id: id } } },
  { method: "GET", url: "/dsar/user-rights" }
]

const withParam = (url: string, param: string) => `${url}${url.includes("?") ? "&" : "?"}${param}`

layer(TestApp({ cheapHashing: true }))("every refusal answers one JSON error shape", (it) => {
  it.effect("a body that is not JSON, or not sent as application/json (+json types included), is a 400 BadRequest naming the body, and nothing is stored", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const request = yield* acme.createRequest()
      const before = yield* snapshot(acme.token, request.id)
      const count = yield* requestCount(acme.token)
      const refusals: Array<Answer> = [
        yield* send({ method: "POST", url: "/dsar/requests", raw: "{not json", token: acme.token }),
        yield* send({ method: "POST", url: "/dsar/requests", raw: "{\"status\": \"verified\",", token: acme.token }),
        yield* send({
          method: "PATCH",
          url: `/dsar/requests/${request.id}`,
          raw: "status=fulfilled",
          token: acme.token
        }),
        yield* send({ method: "POST", url: "/dsar/requests/notes", raw: "'a note'", token: acme.token }),
        yield* send({ method: "POST", url: "/sessions", raw: "{key: 1}" })
      ]
      for (
        const contentType of [
          "application/problem+json",
          "application/vnd.api+json",
          "text/plain",
          "application/x-www-form-urlencoded"
        ]
      ) {
        const headers = { "content-type": contentType }
        refusals.push(
          yield* send({
            method: "POST",
            url: "/dsar/requests",
            json: createRequestExample,
            headers,
            token: acme.token
          }),
          yield* send({
            method: "PATCH",
            url: `/dsar/requests/${request.id}`,
            json: { status: "verified" },
            headers,
            token: acme.token
          })
        )
      }
      for (const answer of refusals) {
        const body = expectError(answer, 400)
        expect(body.message).toMatch(/JSON/)
        expect(pathsOf(body)).toEqual([""])
      }
      expect(yield* requestCount(acme.token)).toBe(count)
      expect(yield* snapshot(acme.token, request.id)).toEqual(before)
    }))

  it.effect("wrong types are a 400 BadRequest naming every offending property", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const count = yield* requestCount(acme.token)
      const body = expectError(
        yield* post(
          "/dsar/requests",
          {
            organization_user_id: 5,
            user_right_id: true,
            status: [],
            source: "DSAR",
            request_fields: "email",
            metadata: "none"
          },
          acme.token
        ),
        400
      )
      expect(new Set(pathsOf(body))).toEqual(
        new Set(["organization_user_id", "user_right_id", "status", "source", "request_fields", "metadata"])
      )
      for (const issue of body.errors) expect(body.message).toContain(issue.path)
      expect(yield* requestCount(acme.token)).toBe(count)

      const request = yield* acme.createRequest()
      const before = yield* snapshot(acme.token, request.id)
      const patched = expectError(
        yield* patch(`/dsar/requests/${request.id}`, { metadata: "x", extra_message_variables: { a: 1 } }, acme.token),
        400
      )
      expect(new Set(pathsOf(patched))).toEqual(new Set(["metadata", "extra_message_variables.a"]))
      const note = expectError(
        yield* post("/dsar/requests/notes", { request_id: request.id, value: 42 }, acme.token),
        400
      )
      expect(pathsOf(note)).toEqual(["value"])
      expect(yield* snapshot(acme.token, request.id)).toEqual(before)
    }))

  it.effect("an unknown status or user_right_id is a 400 BadRequest naming the property and the allowed values", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const count = yield* requestCount(acme.token)
      const created = expectError(
        yield* post(
          "/dsar/requests",
          { ...createRequestExample, status: "approved", user_right_id: "gdpr_forget_me" },
          acme.token
        ),
        400
      )
      expect(new Set(pathsOf(created))).toEqual(new Set(["status", "user_right_id"]))
      expect(created.message).toContain("unverified, verified, work_in_progress, fulfilled, refused, archived")
      expect(created.message).toContain("cpra_access_my_data, cpra_delete_my_data, cpra_opt_out")
      expect(yield* requestCount(acme.token)).toBe(count)

      const request = yield* acme.createRequest()
      const before = yield* snapshot(acme.token, request.id)
      expect(pathsOf(expectError(yield* patch(`/dsar/requests/${request.id}`, { status: "closed" }, acme.token), 400)))
        .toEqual(["status"])
      expect(yield* snapshot(acme.token, request.id)).toEqual(before)

      expect(pathsOf(expectError(yield* get("/dsar/requests?status=closed", acme.token), 400))[0]).toMatch(/^status/)
      expect(pathsOf(expectError(yield* get("/dsar/requests?user_right_id=gdpr_forget_me", acme.token), 400))[0])
        .toMatch(
          /^user_right_id/
        )
    }))

  it.effect("an unknown field id in request_fields is a 400 BadRequest naming that field, and nothing is stored", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const count = yield* requestCount(acme.token)
      const body = expectError(
        yield* post(
          "/dsar/requests",
          {
            ...createRequestExample,
            request_fields: [{ field_id: "email", value: "a@b.example" }, { field_id: "shoe_size", value: "42" }]
          },
          acme.token
        ),
        400
      )
      expect(pathsOf(body)).toEqual(["request_fields.shoe_size"])
      expect(body.message).toContain("shoe_size")
      expect(yield* requestCount(acme.token)).toBe(count)
    }))

  it.effect("a PATCH naming properties other than status, metadata, extra_message_variables and refusal is a 400 naming all of them, and changes nothing", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const request = yield* acme.createRequest()
      const before = yield* snapshot(acme.token, request.id)
      const body = expectError(
        yield* patch(
          `/dsar/requests/${request.id}`,
          {
            status: "fulfilled",
            id: "req-other",
            organization_id: "org-other",
            user_right_id: "cpra_opt_out",
            created_at: "2020-01-01T00:00:00.000Z"
          },
          acme.token
        ),
        400
      )
      expect(new Set(pathsOf(body))).toEqual(new Set(["id", "organization_id", "user_right_id", "created_at"]))
      expect(yield* snapshot(acme.token, request.id)).toEqual(before)
    }))

  it.effect("a PATCH naming only a property that cannot be changed is a 400, not a silent no-op", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const request = yield* acme.createRequest()
      const before = yield* snapshot(acme.token, request.id)
      expect(
        pathsOf(
          expectError(
            yield* patch(`/dsar/requests/${request.id}`, { expires_at: "2099-01-01T00:00:00.000Z" }, acme.token),
            400
          )
        )
      ).toEqual([
        "expires_at"
      ])
      expect(yield* snapshot(acme.token, request.id)).toEqual(before)
    }))

  it.effect("bad list query parameters are a 400 BadRequest naming each parameter", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const cases: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
        ["$limit=-1", ["$limit"]],
        ["$limit=1.5", ["$limit"]],
        ["$limit=ten", ["$limit"]],
        ["status[$in][0]=verified&status[$in][1]=bogus", ["status[$in][1]"]],
        ["status[$in][]=bogus", ["status[$in][]"]],
        ["user_right_id[$in]=cpra_opt_out&user_right_id[$in]=bogus", ["user_right_id[$in]"]],
        ["status[$lt]=verified", ["status[$lt]"]],
        ["$or[0][colour]=red", ["$or[0][colour]"]],
        ["$select=colour", ["$select"]],
        ["$skip=-1", ["$skip"]],
        ["color=red", ["color"]],
        ["$sort[color]=1", ["$sort[color]"]],
        ["$sort[created_at]=up", ["$sort[created_at]"]],
        ["created_at[$gte]=yesterday", ["created_at[$gte]"]],
        ["$limit=-5&color=red", ["$limit", "color"]]
      ]
      for (const [query, paths] of cases) {
        const body = expectError(yield* get(`/dsar/requests?${query}`, acme.token), 400)
        expect(new Set(pathsOf(body)), query).toEqual(new Set(paths))
      }
      expect(pathsOf(expectError(yield* get("/dsar/requests/notes", acme.token), 400))).toEqual(["request_id"])
    }))

  it.effect("every /dsar route without a bearer token is a 401 NotAuthenticated saying the token is missing", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const request = yield* acme.createRequest()
      const count = yield* requestCount(acme.token)
      for (const route of dsarRoutes(request.id)) {
        const body = expectError(yield* send(route), 401)
        expect(body.message, `${route.method} ${route.url}`).toMatch(/missing/i)
      }
      expect(yield* requestCount(acme.token)).toBe(count)
    }))

  it.effect("a malformed, forged or non-bearer token is a 401 NotAuthenticated", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const [payload, signature] = acme.token.split(".") as [string, string]
      const forged = `${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`
      const otherClaims = Buffer.from(JSON.stringify({ org: "org-other", key: "key", exp: Date.now() + 3_600_000 }))
        .toString("base64url")
      const authorizations = [
        "Bearer not-a-token",
        "Bearer a.b.c",
        `Bearer ${forged}`,
        `Bearer ${otherClaims}.${signature}`,
        `Basic ${Buffer.from("key:secret").toString("base64")}`,
        acme.token
      ]
      for (const authorization of authorizations) {
        const body = expectError(yield* send({ method: "GET", url: "/dsar/requests", headers: { authorization } }), 401)
        expect(body.message).toMatch(/token/i)
      }
    }))

  it.effect("a wrong key or secret at POST /sessions and POST /v1/sessions is a 401 that does not say which was wrong", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const { key, secret } = acme.credentials
      for (const path of ["/sessions", "/v1/sessions"]) {
        const wrongSecret = expectError(yield* post(path, { type: "api-key", key, secret: `${secret}x` }), 401)
        const wrongKey = expectError(yield* post(path, { type: "api-key", key: `${key}x`, secret }), 401)
        expect(wrongKey.message).toBe(wrongSecret.message)
        expect(wrongKey.errors).toEqual(wrongSecret.errors)
        expect(wrongKey.message).not.toContain(secret)
        // The right pair still opens a session at both paths.
        expect((yield* post(path, { type: "api-key", key, secret })).status).toBe(201)
      }
      expect(pathsOf(expectError(yield* post("/sessions", { type: "password", key, secret }), 400))).toEqual(["type"])
    }))

  it.effect("an organization_id that is not the token's is a 403 Forbidden naming organization_id, and nothing is stored", () =>
    Effect.gen(function*() {
      const acme = yield* tenant("Acme")
      const globex = yield* tenant("Globex")
      const request = yield* acme.createRequest()
      const before = yield* snapshot(acme.token, request.id)
      const counts = [yield* requestCount(acme.token), yield* requestCount(globex.token)]
      for (const route of dsarRoutes(request.id)) {
        const body = expectError(
          yield* send({ ...route, url: withParam(route.url, `organization_id=${globex.org}`), token: acme.token }),
          403
        )
        expect(pathsOf(body), `${route.method} ${route.url}`).toEqual(["organization_id"])
      }
      expect([yield* requestCount(acme.token), yield* requestCount(globex.token)]).toEqual(counts)
      expect(yield* snapshot(acme.token, request.id)).toEqual(before)
    }))

  it.effect("an unknown request id is a 404 NotFound naming the id, on every route that takes one", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const count = yield* requestCount(acme.token)
      const answers = [
        yield* get("/dsar/requests/req_unknown", acme.token),
        yield* patch("/dsar/requests/req_unknown", { status: "archived" }, acme.token),
        yield* get("/dsar/requests/req_unknown/history", acme.token),
        yield* get("/dsar/requests/notes?request_id=req_unknown", acme.token),
        yield* post("/dsar/requests/notes", { request_id: "req_unknown", value: "a note" }, acme.token),
        yield* post(
          "/dsar/links",
          { ...createLinkExample, event: { status: "verified", request_id: "req_unknown" } },
          acme.token
        )
      ]
      const paths = answers.map((answer) => {
        const body = expectError(answer, 404)
        expect(body.message).toContain("req_unknown")
        return pathsOf(body)
      })
      expect(paths).toEqual([["id"], ["id"], ["id"], ["request_id"], ["request_id"], ["event.request_id"]])
      expect(yield* requestCount(acme.token)).toBe(count)
    }))

  it.effect("an unknown route is a 404 NotFound in the same shape", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const request = yield* acme.createRequest()
      const answers = [
        yield* get("/nowhere"),
        yield* get("/dsar/nowhere", acme.token),
        yield* get(`/dsar/requests/${request.id}/nowhere`, acme.token),
        yield* get("/v2/sessions"),
        // A path the router cannot decode names no resource; its method is not what is wrong.
        yield* get("/dsar/requests/%zz/history", acme.token)
      ]
      for (const answer of answers) expect(pathsOf(expectError(answer, 404))).toEqual([""])
      expect((yield* get(`/dsar/requests/${request.id}`, acme.token)).status).toBe(200)
    }))

  it.effect("a method a path does not take is a 405 MethodNotAllowed whose Allow header lists the ones it takes", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const request = yield* acme.createRequest()
      const before = yield* snapshot(acme.token, request.id)
      const cases: ReadonlyArray<readonly [Send, string]> = [
        [{ method: "PUT", url: `/dsar/requests/${request.id}`, json: {}, token: acme.token }, "DELETE, GET, PATCH"],
        [{ method: "POST", url: `/dsar/requests/${request.id}`, json: {}, token: acme.token }, "DELETE, GET, PATCH"],
        [{ method: "DELETE", url: "/dsar/user-rights", token: acme.token }, "GET"],
        [{ method: "PUT", url: "/dsar/requests", json: {}, token: acme.token }, "GET, POST"],
        [{ method: "GET", url: "/sessions" }, "DELETE, POST"],
        [{ method: "DELETE", url: "/health" }, "GET"]
      ]
      for (const [input, allow] of cases) {
        const answer = yield* send(input)
        const body = expectError(answer, 405)
        expect(answer.headers["allow"], `${input.method} ${input.url}`).toBe(allow)
        expect(body.message).toContain(allow)
      }
      expect(yield* snapshot(acme.token, request.id)).toEqual(before)
    }))

  it.effect("every 401 names the scheme it takes: WWW-Authenticate: Bearer", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const answers = [
        yield* get("/dsar/requests"),
        yield* get("/dsar/requests", "forged"),
        yield* send({ method: "DELETE", url: "/sessions" }),
        yield* post("/sessions", { type: "api-key", key: acme.credentials.key, secret: "wrong" })
      ]
      for (const answer of answers) {
        expectError(answer, 401)
        expect(answer.headers["www-authenticate"]).toBe("Bearer")
      }
      expect((yield* get("/dsar/requests", acme.token)).headers["www-authenticate"]).toBeUndefined()
    }))

  it.effect("a wrong secret, or an unknown key, is refused at the secret, the same either way", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const wrongSecret = expectError(
        yield* post("/sessions", { type: "api-key", key: acme.credentials.key, secret: "wrong" }),
        401
      )
      const unknownKey = expectError(
        yield* post("/sessions", { type: "api-key", key: "key_unknown", secret: acme.credentials.secret }),
        401
      )
      expect(wrongSecret.errors).toEqual([{ path: "secret", message: "Invalid API key or secret" }])
      expect(unknownKey).toEqual(wrongSecret)
    }))

  it.effect("a status change the lifecycle does not allow is a 409 Conflict saying from which status to which and which are allowed", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const request = yield* acme.createRequest({ status: "unverified" })
      const before = yield* snapshot(acme.token, request.id)
      const body = expectError(
        yield* patch(`/dsar/requests/${request.id}`, { status: "fulfilled", metadata: { note: "x" } }, acme.token),
        409
      )
      expect(body.message).toBe(
        "Cannot change status from unverified to fulfilled (allowed from unverified: verified, refused, archived)"
      )
      expect(pathsOf(body)).toEqual(["status"])
      expect(yield* snapshot(acme.token, request.id)).toEqual(before)

      const archived = yield* acme.createRequest({ status: "archived" })
      const terminal = expectError(
        yield* patch(`/dsar/requests/${archived.id}`, { status: "verified" }, acme.token),
        409
      )
      expect(terminal.message).toBe("Cannot change status from archived to verified (archived is terminal)")
    }))

  it.effect("a PATCH to the current status is a no-op, never a 409, even from the terminal status", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      for (const status of ["unverified", "verified", "archived"]) {
        const request = yield* acme.createRequest({ status })
        const before = yield* snapshot(acme.token, request.id)
        const answer = yield* patch(`/dsar/requests/${request.id}`, { status }, acme.token)
        expect(answer.status, answer.text).toBe(200)
        expect(answer.json).toEqual(before.request)
        expect(yield* snapshot(acme.token, request.id)).toEqual(before)
      }
    }))

  it.effect("a download_link that is not an https URL is a 400 naming it, and nothing changes", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const request = yield* acme.createRequest()
      const before = yield* snapshot(acme.token, request.id)
      for (
        const download_link of ["http://files.example.org/export.zip", "/export.zip", "files.example.org/export.zip"]
      ) {
        const body = expectError(
          yield* patch(`/dsar/requests/${request.id}`, {
            status: "fulfilled",
            extra_message_variables: { download_link }
          }, acme.token),
          400
        )
        expect(pathsOf(body)).toEqual(["extra_message_variables.download_link"])
      }
      expect(yield* snapshot(acme.token, request.id)).toEqual(before)
    }))

  it.effect("a body over 256 KiB is a 413 PayloadTooLarge, one of exactly 256 KiB is read, and nothing is stored", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const count = yield* requestCount(acme.token)
      // Padded with white space: every property has a limit of its own far below the body's.
      const padded = (bytes: number) => {
        const body = JSON.stringify(createRequestExample)
        return `${body}${" ".repeat(bytes - body.length)}`
      }
      expect(padded(MaxBodyBytes)).toHaveLength(MaxBodyBytes)
      const over = expectError(
        yield* send({ method: "POST", url: "/dsar/requests", raw: padded(MaxBodyBytes + 1), token: acme.token }),
        413
      )
      expect(over.message).toContain(String(MaxBodyBytes))
      expect(yield* requestCount(acme.token)).toBe(count)
      expectError(
        yield* send({
          method: "PATCH",
          url: "/dsar/requests/req_unknown",
          raw: padded(4 * MaxBodyBytes),
          token: acme.token
        }),
        413
      )
      const atLimit = yield* send({
        method: "POST",
        url: "/dsar/requests",
        raw: padded(MaxBodyBytes),
        token: acme.token
      })
      expect(atLimit.status, atLimit.text.slice(0, 300)).toBe(201)
      expect(yield* requestCount(acme.token)).toBe(count + 1)
    }))

  // Without a content-length the size is only known while reading, and the platform closes the
  // connection when the limit is passed (docs/api.md says so): the client gets no answer, and
  // nothing is stored.
  it.effect("a chunked body over 256 KiB (no content-length) is cut off without an answer, and nothing is stored", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const count = yield* requestCount(acme.token)
      const chunk = "x".repeat(16 * 1024)
      const chunks = [
        "{\"organization_user_id\":\"u\",\"user_right_id\":\"cpra_opt_out\",\"status\":\"verified\",\"source\":{\"type\":\"DSAR\"},\"metadata\":{\"pad\":\""
      ]
      for (let i = 0; i < 20; i++) chunks.push(chunk)
      chunks.push("\"}}")
      const answer = yield* postChunked("/dsar/requests", chunks, acme.token)
      expect(answer.status, answer.text).toBe(0)
      expect(yield* requestCount(acme.token)).toBe(count)
      // Below the limit, the same framing is read normally.
      const small = yield* postChunked("/dsar/requests", [chunks[0]!, "y".repeat(1000), "\"}}"], acme.token)
      expect(small.status, small.text).toBe(201)
    }))
})

const ShortSession = TestApp({ cheapHashing: true, sessionTtl: Duration.seconds(1) }).pipe(
  Layer.provide(Logger.remove(Logger.defaultLogger))
)

// On the real clock: the token really ages.
layer(ShortSession, { excludeTestServices: true })("sessions expire", (it) => {
  it.effect("a token past its lifetime is a 401 NotAuthenticated saying the session expired", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      expect((yield* get("/dsar/requests", acme.token)).status).toBe(200)
      yield* Effect.sleep(Duration.millis(1_100))
      const body = expectError(yield* get("/dsar/requests", acme.token), 401)
      expect(body.message).toMatch(/expired/i)
      expectError(yield* post("/dsar/requests", createRequestExample, acme.token), 401)
      // A new session works again.
      const fresh = yield* tenant()
      expect((yield* get("/dsar/requests", fresh.token)).status).toBe(200)
    }))
})
