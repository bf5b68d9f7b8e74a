import { createRequestExample } from "@dsar/domain"
import { OrganizationsService, REVOCATION_RECHECK } from "@dsar/http"
import { expect, layer } from "@effect/vitest"
import { Duration, Effect, TestClock } from "effect"
import { expectError, get, post, send, tenant } from "./support/Http.js"
import { accessToken, TestApp } from "./support/TestApp.js"

// Sessions end when asked to, keys can be revoked, and logins are limited per address and per
// key: a flood is refused with 429 and Retry-After before any secret is hashed.

const end = (path: string, token?: string) =>
  send({ method: "DELETE", url: path, ...(token !== undefined && { token }) })

/** What a server answers `token` once its revocation recheck has passed (the server runs on the TestClock). */
const afterRecheck = (token: string) =>
  Effect.zipRight(TestClock.adjust(REVOCATION_RECHECK), get("/dsar/requests", token))

layer(TestApp({ cheapHashing: true }))("ending sessions and revoking keys", (it) => {
  it.effect("DELETE /sessions and DELETE /v1/sessions end the token sent, and no other", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const other = yield* accessToken(acme.credentials)
      const third = yield* accessToken(acme.credentials)
      expect((yield* end("/sessions", acme.token)).status).toBe(204)
      expectError(yield* get("/dsar/requests", acme.token), 401)
      expect((yield* get("/dsar/requests", other)).status).toBe(200)
      expect((yield* end("/v1/sessions", other)).status).toBe(204)
      expectError(yield* get("/dsar/requests", other), 401)
      expect((yield* post("/dsar/requests", createRequestExample, third)).status).toBe(201)
      expectError(yield* end("/sessions"), 401)
      expectError(yield* end("/sessions", acme.token), 401)
    }))

  it.effect("a revoked key opens no session and its tokens are refused; a rotated key's replacement works", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const service = yield* OrganizationsService
      const spare = yield* service.createKey(acme.org)
      const spareToken = yield* accessToken(spare)
      yield* service.revokeKey(acme.org, acme.credentials.key)
      const login = { type: "api-key", key: acme.credentials.key, secret: acme.credentials.secret }
      expectError(yield* post("/sessions", login), 401)
      expectError(yield* afterRecheck(acme.token), 401)
      expect((yield* get("/dsar/requests", spareToken)).status).toBe(200)

      const rotated = yield* service.rotateKey(acme.org, spare.key)
      expect((yield* get("/dsar/requests", yield* accessToken(rotated))).status).toBe(200)
      expectError(yield* afterRecheck(spareToken), 401)
      const keys = yield* service.listKeys(acme.org)
      // Made within one millisecond of the test's clock: compared without their order.
      expect(new Map(keys.map((key) => [key.key, key.revoked_at !== undefined]))).toEqual(
        new Map([[acme.credentials.key, true], [spare.key, true], [rotated.key, false]])
      )
      expect(JSON.stringify(keys)).not.toContain("secret")
    }))
})

const limits = { perAddress: 4, perKey: 2, window: Duration.minutes(1), hashing: 2, queue: 8 }

layer(TestApp({ cheapHashing: true, loginLimits: limits, trustedProxyHops: 1 }))("login limits", (it) => {
  it.effect("failed logins for one key over its limit answer 429 with Retry-After, even with the right secret", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const from = { "x-forwarded-for": "198.51.100.1" }
      const bad = { type: "api-key", key: acme.credentials.key, secret: "wrong" }
      for (let i = 0; i < limits.perKey; i++) {
        expectError(yield* send({ method: "POST", url: "/sessions", json: bad, headers: from }), 401)
      }
      const good = { type: "api-key", key: acme.credentials.key, secret: acme.credentials.secret }
      const refused = yield* send({
        method: "POST",
        url: "/sessions",
        json: good,
        headers: { "x-forwarded-for": "198.51.100.2" }
      })
      const body = expectError(refused, 429)
      expect(body.name).toBe("TooManyRequests")
      const retryAfter = Number(refused.headers["retry-after"])
      expect(retryAfter).toBeGreaterThanOrEqual(1)
      expect(retryAfter).toBeLessThanOrEqual(60)
      expect(refused.headers["cache-control"]).toBe("no-store")
    }))

  it.effect("failed logins from one client address over its limit answer 429; another address, behind the trusted proxy, logs in", () =>
    Effect.gen(function*() {
      const keys = yield* Effect.all([tenant("A"), tenant("B"), tenant("C")])
      const attacker = { "x-forwarded-for": "203.0.113.9, 198.51.100.7" }
      const statuses: Array<number> = []
      for (const [i, someone] of [...keys, ...keys].entries()) {
        const body = { type: "api-key", key: someone.credentials.key, secret: `wrong ${i}` }
        statuses.push((yield* send({ method: "POST", url: "/sessions", json: body, headers: attacker })).status)
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429])
      // The proxy appended the attacker's address last: what the client wrote before it is its own word.
      const honest = { "x-forwarded-for": "203.0.113.9, 192.0.2.44" }
      const third = keys[2]!
      const login = { type: "api-key", key: third.credentials.key, secret: third.credentials.secret }
      expect((yield* send({ method: "POST", url: "/sessions", json: login, headers: honest })).status).toBe(201)
    }))
})
