import { createRequestExample } from "@dsar/domain"
import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import { get, post, send, tenant } from "./support/Http.js"
import { TestApp } from "./support/TestApp.js"

// The API's answers name one organisation's requests: none may be kept by a cache or read by a
// browser as another type, and a refusal never repeats a credential it was sent.

layer(TestApp({ cheapHashing: true }))("headers and echoes", (it) => {
  it.effect("every JSON answer, success or refusal, carries Cache-Control: no-store and X-Content-Type-Options: nosniff", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const answers = [
        yield* post("/dsar/requests", createRequestExample, acme.token),
        yield* get("/dsar/requests", acme.token),
        yield* get("/dsar/requests/req_unknown", acme.token),
        yield* post("/dsar/requests", { status: "nonsense" }, acme.token),
        yield* get("/dsar/requests"),
        yield* get("/no/such/route"),
        yield* send({ method: "POST", url: "/sessions", raw: "{not json" }),
        yield* get("/health")
      ]
      for (const answer of answers) {
        expect(answer.headers["content-type"]).toMatch(/^application\/json\b/)
        expect({
          status: answer.status,
          cache: answer.headers["cache-control"],
          sniff: answer.headers["x-content-type-options"]
        })
          .toEqual({ status: answer.status, cache: "no-store", sniff: "nosniff" })
      }
    }))

  it.effect("POST /sessions with a secret or key of the wrong type is refused without echoing the value", () =>
    Effect.gen(function*() {
      const acme = yield* tenant()
      const bodies = [
        { type: "api-key", key: acme.credentials.key, secret: 12345987 },
        { type: "api-key", key: acme.credentials.key, secret: { value: "hunter2-secret-object" } },
        { type: "api-key", key: 4242424242, secret: ["hunter3-secret-array"] }
      ]
      for (const body of bodies) {
        const answer = yield* post("/sessions", body)
        expect(answer.status).toBe(400)
        for (const echoed of ["12345987", "hunter2", "hunter3", "4242424242"]) expect(answer.text).not.toContain(echoed)
      }
    }))
})
