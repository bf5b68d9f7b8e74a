import { expect, layer } from "@effect/vitest"
import { Validator } from "@seriousme/openapi-schema-validator"
import { Effect } from "effect"
import { ErrorNames, get } from "./support/Http.js"
import { documentChecker } from "./support/ResponseValidation.js"
import { TestApp } from "./support/TestApp.js"

// The OpenAPI document is generated from the contract and served with an interactive page; it
// documents every route, the bearer scheme and the one error shape, and nothing of the platform's own.

type Json = Record<string, any>

const documented: Readonly<Record<string, ReadonlyArray<string>>> = {
  "/sessions": ["delete", "post"],
  "/v1/sessions": ["delete", "post"],
  "/dsar/requests": ["get", "post"],
  "/dsar/requests/{id}": ["delete", "get", "patch"],
  "/dsar/requests/{id}/history": ["get"],
  "/dsar/requests/{id}/evidence": ["get"],
  "/dsar/requests/{id}/extensions": ["post"],
  "/dsar/requests/{id}/emails": ["get"],
  "/dsar/requests/{id}/emails/{message_id}/retry": ["post"],
  "/dsar/requests/notes": ["get", "post"],
  "/dsar/links": ["post"],
  "/dsar/user-rights": ["get"],
  "/dsar/organization": ["get", "patch"],
  "/dsar/emails": ["get"],
  "/dsar/emails/{type}": ["delete", "get", "put"],
  "/dsar/emails/{type}/preview": ["post"],
  "/dsar/webhooks": ["get", "post"],
  "/dsar/webhooks/{id}": ["get", "delete"],
  "/dsar/webhooks/{id}/rotate-secret": ["post"],
  "/dsar/webhooks/{id}/deliveries": ["get"],
  "/dsar/webhooks/{id}/deliveries/{delivery_id}/redeliver": ["post"],
  "/health": ["get"]
}

const fetchSpec = Effect.gen(function*() {
  const answer = yield* get("/openapi.json")
  expect(answer.status).toBe(200)
  expect(answer.headers["content-type"]).toMatch(/^application\/json\b/)
  return { text: answer.text, spec: answer.json as Json }
})

/** Follows local `$ref`s (and single-member `allOf`s) until a schema with content. */
const resolve = (spec: Json, schema: Json): Json => {
  if (typeof schema.$ref === "string") {
    const target = (schema.$ref as string)
      .replace(/^#\//, "")
      .split("/")
      .reduce<Json | undefined>((node, key) => node?.[key], spec)
    expect(target, `dangling ${schema.$ref}`).toBeDefined()
    return resolve(spec, target!)
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1 && schema.properties === undefined) {
    return resolve(spec, schema.allOf[0])
  }
  return schema
}

layer(TestApp({ cheapHashing: true }))("the API documents itself", (it) => {
  it.effect("GET /openapi.json is a valid OpenAPI 3.1.0 document", () =>
    Effect.gen(function*() {
      const { spec } = yield* fetchSpec
      expect(spec.openapi).toBe("3.1.0")
      const validator = new Validator()
      const result = yield* Effect.promise(() => validator.validate(structuredClone(spec)))
      expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 2000)).toEqual([])
      expect(result.valid).toBe(true)
      expect(validator.version).toMatch(/^3\.1/)
    }))

  it.effect("documents every path of the API with its methods, and no other", () =>
    Effect.gen(function*() {
      const { spec } = yield* fetchSpec
      expect(Object.keys(spec.paths).sort()).toEqual(Object.keys(documented).sort())
      for (const [path, methods] of Object.entries(documented)) {
        const operations = Object.keys(spec.paths[path]).filter((key) =>
          ["get", "post", "put", "patch", "delete"].includes(key)
        )
        expect(operations.sort(), path).toEqual([...methods].sort())
        for (const method of methods) {
          const operation = spec.paths[path][method]
          expect(operation.summary, `${method} ${path}`).toEqual(expect.any(String))
          const success = Object.keys(operation.responses).filter((status) => status.startsWith("2"))
          expect(success, `${method} ${path}`).toHaveLength(1)
        }
      }
      expect(Object.keys(spec.paths["/dsar/requests"].post.responses)).toContain("201")
      expect(Object.keys(spec.paths["/dsar/links"].post.responses)).toContain("201")
    }))

  it.effect("documents the bearer scheme, required on every /dsar operation and DELETE /sessions, and on no other", () =>
    Effect.gen(function*() {
      const { spec } = yield* fetchSpec
      expect(spec.components.securitySchemes).toEqual({ bearer: { type: "http", scheme: "bearer" } })
      for (const [path, methods] of Object.entries(documented)) {
        for (const method of methods) {
          const security = spec.paths[path][method].security ?? spec.security ?? []
          if (path.startsWith("/dsar/") || (path.endsWith("/sessions") && method === "delete")) {
            expect(security, `${method} ${path}`).toEqual([{ bearer: [] }])
            expect(Object.keys(spec.paths[path][method].responses), `${method} ${path}`).toContain("401")
          } else {
            expect(security, `${method} ${path}`).toEqual([])
          }
        }
      }
    }))

  it.effect("documents each error as { code, name, message, errors: [{ path, message }] } and nothing else", () =>
    Effect.gen(function*() {
      const { spec } = yield* fetchSpec
      // A 405 answers a method no operation has, so no operation documents it.
      for (const [code, name] of Object.entries(ErrorNames).filter(([code]) => code !== "405")) {
        const schema = resolve(spec, { $ref: `#/components/schemas/${name}` })
        expect(schema.type, name).toBe("object")
        expect([...schema.required].sort(), name).toEqual(["code", "errors", "message", "name"])
        expect(Object.keys(schema.properties).sort(), name).toEqual(["code", "errors", "message", "name"])
        expect(schema.additionalProperties, name).toBe(false)
        expect(schema.properties.code.enum, name).toEqual([Number(code)])
        expect(schema.properties.name.enum, name).toEqual([name])
        expect(resolve(spec, schema.properties.message).type, name).toBe("string")
        const errors = resolve(spec, schema.properties.errors)
        expect(errors.type, name).toBe("array")
        const issue = resolve(spec, errors.items)
        expect({ name, keys: Object.keys(issue.properties ?? {}).sort(), required: [...(issue.required ?? [])].sort() })
          .toEqual({
            name,
            keys: ["message", "path"],
            required: ["message", "path"]
          })
        expect(resolve(spec, issue.properties.path).type, `${name}.errors[].path`).toBe("string")
        expect(resolve(spec, issue.properties.message).type, `${name}.errors[].message`).toBe("string")
      }
    }))

  it.effect("every documented error response of every operation is the error schema of its status", () =>
    Effect.gen(function*() {
      const { spec } = yield* fetchSpec
      for (const [path, methods] of Object.entries(documented)) {
        for (const method of methods) {
          for (const [status, response] of Object.entries<Json>(spec.paths[path][method].responses)) {
            if (status.startsWith("2")) continue
            const name = ErrorNames[Number(status) as keyof typeof ErrorNames]
            expect(name, `${method} ${path} documents ${status}`).toBeDefined()
            expect(response.content["application/json"].schema, `${method} ${path} ${status}`).toEqual({
              $ref: `#/components/schemas/${name}`
            })
          }
        }
      }
    }))

  it.effect("never mentions the platform's HttpApiDecodeError", () =>
    Effect.gen(function*() {
      const { text } = yield* fetchSpec
      expect(text).not.toContain("HttpApiDecodeError")
    }))

  it.effect("the answers' checker refuses a status, a body or a header the document does not describe", () =>
    Effect.gen(function*() {
      const { spec } = yield* fetchSpec
      const check = documentChecker(spec)
      const json = { "content-type": "application/json" }
      const health = { method: "GET", url: "/health", headers: json }
      expect(check({ ...health, status: 200, text: JSON.stringify({ status: "ok", storage: "ok" }) })).toEqual([])
      expect(check({ ...health, status: 200, text: JSON.stringify({ status: "ok" }) })).toHaveLength(1)
      expect(check({ ...health, status: 418, text: "{}" })).toHaveLength(1)
      const refusal = JSON.stringify({ code: 401, name: "NotAuthenticated", message: "no", errors: [] })
      const list = { method: "GET", url: "/dsar/requests?$limit=1", status: 401, text: refusal }
      expect(check({ ...list, headers: { ...json, "www-authenticate": "Bearer" } })).toEqual([])
      expect(check({ ...list, headers: json })).toHaveLength(1)
      // Outside the document (another method, the link pages): not the document's to judge.
      expect(check({ method: "PUT", url: "/dsar/requests", status: 405, headers: json, text: "{}" })).toEqual([])
      expect(check({ method: "GET", url: "/links/abc", status: 404, headers: {}, text: "<html>" })).toEqual([])
    }))

  it.effect("GET /docs answers an HTML page for the document", () =>
    Effect.gen(function*() {
      const answer = yield* get("/docs")
      expect(answer.status).toBe(200)
      expect(answer.headers["content-type"]).toMatch(/^text\/html\b/)
      expect(answer.text).toMatch(/^<!doctype html>/i)
      expect(answer.text).toContain("<title>DSAR toolkit API</title>")
    }))

  it.effect("GET /health answers { status: ok, storage: ok }, without a token", () =>
    Effect.gen(function*() {
      const answer = yield* get("/health")
      expect(answer.status).toBe(200)
      expect(answer.headers["content-type"]).toMatch(/^application\/json\b/)
      expect(answer.json).toEqual({ status: "ok", storage: "ok" })
    }))
})
