import {
  createLinkExample,
  createRequestExample,
  createRequestWithApprovalExample,
  patchRequestExample
} from "@dsar/domain"
import { MaxBodyBytes } from "@dsar/http"
import type { HttpClient } from "@effect/platform"
import { expect } from "@effect/vitest"
import { Effect, Runtime } from "effect"
import fc from "fast-check"
import { isDeepStrictEqual } from "node:util"
import { ErrorNames, hasErrorShape, type Method, requestCount, type Send, send, snapshot, tenant } from "./Http.js"

// Hostile input for the whole API, and the property it must meet: whatever arrives, the server
// answers a 4xx in the error shape or a 2xx, never a 5xx, and a refused request stores nothing.
// Random bodies, query strings, paths, methods and headers, with and without a valid token. Run in
// process by the main suite and against a spawned `dsar serve` by the reliability suite.

// ---------------------------------------------------------------------------------------------
// What a case is. Large and deep bodies are described, not spelled out, so counterexamples stay
// readable; `materialize` builds the actual request.

type Auth = "a" | "b" | "none" | "garbage" | "tampered" | "basic" | "lowercase-bearer"

type Body =
  | { readonly kind: "none" }
  | { readonly kind: "json"; readonly value: unknown }
  | { readonly kind: "raw"; readonly text: string }
  /** A valid body with one string property `bytes` long. */
  | { readonly kind: "huge"; readonly base: unknown; readonly key: string; readonly bytes: number }
  /** `[[[...]]]` or `{"a":{"a":...}}` `depth` levels deep, as the body or as a property of a valid one. */
  | {
    readonly kind: "deep"
    readonly shape: "array" | "object"
    readonly depth: number
    readonly base: unknown
    readonly key: string | null
  }

export interface Case {
  readonly method: Method
  readonly url: string
  readonly auth: Auth
  readonly headers: Readonly<Record<string, string>>
  readonly body: Body
}

export interface Context {
  readonly a: { readonly org: string; readonly token: string; readonly key: string; readonly secret: string }
  readonly b: { readonly org: string; readonly token: string }
  /** A's requests, in every status the lifecycle has. */
  readonly ids: ReadonlyArray<string>
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

const authHeaders = (ctx: Context, auth: Auth): Record<string, string> => {
  switch (auth) {
    case "a":
      return bearer(ctx.a.token)
    case "b":
      return bearer(ctx.b.token)
    case "none":
      return {}
    case "garbage":
      return bearer("garbage.token")
    case "tampered":
      return bearer(`${ctx.a.token.slice(0, -2)}${ctx.a.token.endsWith("AA") ? "BB" : "AA"}`)
    case "basic":
      return { authorization: `Basic ${Buffer.from(`${ctx.a.key}:${ctx.a.secret}`).toString("base64")}` }
    case "lowercase-bearer":
      return { authorization: `bearer ${ctx.a.token}` }
  }
}

const deepText = (shape: "array" | "object", depth: number) =>
  shape === "array" ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `${"{\"a\":".repeat(depth)}1${"}".repeat(depth)}`

const bodyText = (body: Body): string | undefined => {
  switch (body.kind) {
    case "none":
      return undefined
    case "json":
      return JSON.stringify(body.value) ?? "null"
    case "raw":
      return body.text
    case "huge":
      return JSON.stringify({ ...(body.base as object), [body.key]: "x".repeat(body.bytes) })
    case "deep": {
      const deep = deepText(body.shape, body.depth)
      if (body.key === null) return deep
      const base = JSON.stringify({ ...(body.base as object), [body.key]: 0 })
      return base.replace(`${JSON.stringify(body.key)}:0`, `${JSON.stringify(body.key)}:${deep}`)
    }
  }
}

const materialize = (ctx: Context, c: Case): Send => {
  const text = bodyText(c.body)
  return {
    method: c.method,
    url: c.url,
    headers: { ...authHeaders(ctx, c.auth), ...c.headers },
    ...(text !== undefined && { raw: text })
  }
}

/**
 * What a refused request must leave as it was: A's request count (and B's, when B calls), and for
 * writes, the target request with its history and notes.
 */
const observe = (ctx: Context, c: Case, target: string, writes: boolean) =>
  Effect.all(
    {
      counts: Effect.all(
        [requestCount(ctx.a.token), c.auth === "b" ? requestCount(ctx.b.token) : Effect.succeed(null)],
        { concurrency: "unbounded" }
      ),
      ...(writes && { target: snapshot(ctx.a.token, target) })
    },
    { concurrency: "unbounded" }
  )

const targetOf = (ctx: Context, c: Case) =>
  ctx.ids.find((id) => c.url.includes(id) || JSON.stringify(c.body).includes(id)) ?? ctx.ids[0]!

const describe = (c: Case) =>
  `${c.method} ${c.url.slice(0, 200)} [auth ${c.auth}] ${JSON.stringify(c.headers).slice(0, 200)}`

/** What the properties tried so far, and the refused inputs among them that changed something (must stay 0). */
export interface Tried {
  inputs: number
  losses: number
}

export const nothingTried = (): Tried => ({ inputs: 0, losses: 0 })

/**
 * Whether the case reaches the pages for browsers (as the client sends it, dot segments resolved):
 * the link pages, the requesters' form, the console, and the server's root, which leads to the
 * console. They are outside the JSON contract, so their refusals are pages, or a redirect to one.
 */
const forBrowserPages = (c: Case) => {
  const { pathname: given } = new URL(`http://localhost${c.url}`)
  // The server's router reads a path of slashes alone (`//`) as its root, a browsers' page.
  const pathname = /^\/+$/.test(given) ? "/" : given
  return ["/", "/privacy", "/console"].includes(pathname) ||
    ["/links/", "/privacy/", "/console/"].some((prefix) => pathname.startsWith(prefix))
}

/**
 * The property: no 5xx; every refusal in the error shape, as JSON (on the browsers' pages, a page
 * or a redirect to one); a refusal stores nothing. Nothing but an accepted request changes what
 * `observe` sees (no background work touches requests), so what was seen after a refusal still
 * holds before the next case: `seen` keeps it, and only an accepted request makes the next case
 * look again. That halves the requests per case, and a refusal that changed what another case
 * looks at is still caught, by that case.
 */
const check = (ctx: Context, tried: Tried, seen: Map<string, unknown>) => (c: Case) =>
  Effect.gen(function*() {
    const target = targetOf(ctx, c)
    const writes = c.method !== "GET" && c.method !== "HEAD"
    const key = JSON.stringify([c.auth === "b", writes && target])
    const before = seen.get(key) ?? (yield* observe(ctx, c, target, writes))
    const answer = yield* send(materialize(ctx, c))
    tried.inputs++
    const what = `${describe(c)} -> ${answer.status} ${answer.text.slice(0, 300)}`
    expect(answer.status, `no answer at all: ${what}`).toBeGreaterThan(0)
    expect(answer.status, `a server error: ${what}`).toBeLessThan(500)
    if (answer.status < 300) {
      seen.clear()
      return
    }
    const page = forBrowserPages(c) &&
      (answer.headers["content-type"] === "text/html; charset=utf-8" ||
        (answer.status === 303 && answer.headers["location"] !== undefined))
    if (c.method !== "HEAD" && !page) {
      expect(answer.headers["content-type"] ?? "(no content-type)", what).toMatch(/^application\/json\b/)
      expect(hasErrorShape(answer.json), `not the error shape: ${what}`).toBe(true)
      const body = answer.json as { readonly code: number; readonly name: string }
      expect([body.code, body.name], what).toEqual([
        answer.status,
        ErrorNames[answer.status as keyof typeof ErrorNames]
      ])
    }
    const after = yield* observe(ctx, c, target, writes)
    if (!isDeepStrictEqual(after, before)) tried.losses++
    expect(after, `a refused request changed something: ${what}`).toEqual(before)
    seen.set(key, after)
  }).pipe(
    // After a failure nothing seen is trusted: the cases fast-check shrinks to look again.
    Effect.onError(() => Effect.sync(() => seen.clear()))
  )

// ---------------------------------------------------------------------------------------------
// Generators.

const statuses = ["unverified", "verified", "work_in_progress", "fulfilled", "refused", "archived"]
const rights = ["cpra_access_my_data", "cpra_delete_my_data", "cpra_opt_out"]
const specialKeys = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "",
  " ",
  "status",
  "metadata",
  "id",
  "request_id",
  "organization_id",
  "$limit",
  "a.b",
  "0"
]

const jsonKey = fc.oneof(fc.constantFrom(...specialKeys), fc.string({ maxLength: 12 }))
/** JSON values, odd keys included; through JSON so `-0`, `undefined` and the like are as the wire has them. */
const jsonValue: fc.Arbitrary<unknown> = fc
  .oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.dictionary(jsonKey, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
    fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true })
  )
  .map((value) => {
    try {
      const text = JSON.stringify(value)
      return text === undefined ? null : (JSON.parse(text) as unknown)
    } catch {
      return null
    }
  })

const encode = (text: string) => encodeURIComponent(text)
const weirdSegments = [
  "..",
  ".",
  "%",
  "%zz",
  "%00",
  "%2F",
  "%2e%2e",
  "%E0%A4%A",
  "%C0%AF",
  "notes",
  "history",
  "requests",
  "links",
  "~",
  "%20",
  "a;b",
  "a,b",
  "%5B%5D",
  "[]",
  "$sort",
  "*",
  "%FF%FE",
  "%u0041"
]
const segment = fc.oneof(
  fc.constantFrom(...weirdSegments),
  fc.string({ maxLength: 30 }).map(encode),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
  fc.fullUnicodeString({ maxLength: 8 }).map(encode)
)

const queryKeys = [
  "organization_id",
  "status",
  "status[$in]",
  "user_right_id",
  "user_right_id[$in]",
  "regulation_id",
  "organization_user_id",
  "created_at[$gte]",
  "created_at[$lt]",
  "expires_at[$gte]",
  "expires_at[$lt]",
  "$limit",
  "$skip",
  "$sort[created_at]",
  "$sort[updated_at]",
  "$sort[expires_at]",
  "$sort[status]",
  "$sort[user_right_id]",
  "request_id"
]
const operators = ["$in", "$nin", "$gte", "$gt", "$lt", "$lte", "$ne", "$or", "$and", "", "0", "$in][$in", "__proto__"]

const queryKey = fc
  .oneof(
    { weight: 5, arbitrary: fc.constantFrom(...queryKeys) },
    {
      weight: 2,
      arbitrary: fc.tuple(
        fc.constantFrom("status", "user_right_id", "created_at", "expires_at", "id", "$sort", "request_id"),
        fc.constantFrom(...operators)
      ).map(([field, op]) => `${field}[${op}]`)
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }).map((field) => `$sort[${field}]`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "__proto__",
        "constructor",
        "__proto__[x]",
        "$limit[$gte]",
        "status[]",
        "status[$in][]"
      )
    }
  )
  // Brackets and dollars either literal or percent-encoded.
  .chain((key) =>
    fc.constantFrom(encode(key), encode(key).replace(/%5B/g, "[").replace(/%5D/g, "]").replace(/%24/g, "$"))
  )

const queryValue = (ctx: Context) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        ...statuses,
        ...rights,
        "cpra",
        "gdpr",
        "1",
        "-1",
        "0",
        "2",
        "20",
        "100",
        "101",
        "1000",
        "-5",
        "1e3",
        "0x10",
        "NaN",
        "Infinity",
        "",
        " ",
        "now",
        "true",
        "null",
        "[]",
        "{}"
      )
    },
    { weight: 2, arbitrary: fc.constantFrom(ctx.a.org, ctx.b.org, ...ctx.ids) },
    {
      weight: 2,
      arbitrary: fc.subarray([...statuses, ...rights, "x"], { minLength: 1 }).map((items) => items.join(","))
    },
    { weight: 2, arbitrary: fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms).toISOString()) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "2026-03-01",
        "2026-13-45T99:99:99Z",
        "1970-01-01T00:00:00.000Z",
        "275760-09-13T00:00:00.000Z",
        "+275760-09-13T00:00:00.000Z"
      )
    },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.fullUnicodeString({ maxLength: 10 }) },
    { weight: 1, arbitrary: fc.integer().map(String) }
  ).map(encode)

const queryString = (ctx: Context) =>
  fc
    .array(fc.tuple(queryKey, queryValue(ctx), fc.boolean()), { maxLength: 7 })
    .map((pairs) => pairs.map(([key, value, bare]) => (bare && value === "" ? key : `${key}=${value}`)).join("&"))

const auth = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Auth>("a") },
  { weight: 1, arbitrary: fc.constantFrom<Auth>("b", "none", "garbage", "tampered", "basic", "lowercase-bearer") }
)

/** Every route that takes a body, with a body it would accept, for request `id`. */
const writeRoutes = (ctx: Context, id: string) => [
  { method: "POST" as const, url: "/dsar/requests", body: createRequestExample },
  { method: "POST" as const, url: "/dsar/requests", body: createRequestWithApprovalExample },
  {
    method: "POST" as const,
    url: "/dsar/requests",
    body: { ...createRequestExample, status: "archived", user_right_id: "cpra_opt_out" }
  },
  { method: "PATCH" as const, url: `/dsar/requests/${id}`, body: patchRequestExample },
  { method: "PATCH" as const, url: `/dsar/requests/${id}`, body: { status: "archived" } },
  {
    method: "PATCH" as const,
    url: `/dsar/requests/${id}`,
    body: { metadata: { a: 1 }, extra_message_variables: { x: "y" } }
  },
  { method: "POST" as const, url: "/dsar/requests/notes", body: { request_id: id, value: "a note" } },
  {
    method: "POST" as const,
    url: "/dsar/links",
    body: { ...createLinkExample, event: { status: "verified", request_id: id } }
  },
  {
    method: "POST" as const,
    url: "/sessions",
    body: { type: "api-key", key: ctx.a.key, secret: `${ctx.a.secret}-wrong` }
  },
  { method: "POST" as const, url: "/v1/sessions", body: { type: "api-key", key: ctx.a.key, secret: ctx.a.secret } }
]

const writeRoute = (ctx: Context) => fc.constantFrom(...ctx.ids).chain((id) => fc.constantFrom(...writeRoutes(ctx, id)))

const orgParam = (ctx: Context) =>
  fc.oneof({ weight: 4, arbitrary: fc.constant("") }, {
    weight: 1,
    arbitrary: fc.constantFrom(
      `?organization_id=${ctx.a.org}`,
      `?organization_id=${ctx.b.org}`,
      "?organization_id=",
      "?x=1"
    )
  })

/** A valid body with one property replaced, removed or added, several keys added, or left alone. */
const mutated = (base: Record<string, unknown>) => {
  const keys = Object.keys(base)
  return fc.oneof(
    fc.tuple(fc.constantFrom(...keys), jsonValue).map(([key, value]) => ({ ...base, [key]: value })),
    fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key))),
    fc.dictionary(jsonKey, jsonValue, { minKeys: 1, maxKeys: 4 }).map((extra) => ({ ...base, ...extra })),
    // One level down: e.g. `event.status`, `source.type`, `request_fields`.
    fc.tuple(fc.constantFrom(...keys), jsonKey, jsonValue).map(([key, inner, value]) => {
      const nested = base[key]
      return {
        ...base,
        [key]: typeof nested === "object" && nested !== null && !Array.isArray(nested)
          ? { ...nested, [inner]: value }
          : { [inner]: value }
      }
    }),
    fc.constant(base)
  )
}

/** Random JSON bodies on every route that takes one: random values, mutations of valid bodies, huge strings. */
const jsonBodyCase = (ctx: Context): fc.Arbitrary<Case> =>
  fc
    .tuple(writeRoute(ctx), orgParam(ctx), auth)
    .chain(([route, query, who]) =>
      fc
        .oneof(
          { weight: 2, arbitrary: jsonValue.map((value): Body => ({ kind: "json", value })) },
          {
            weight: 5,
            arbitrary: mutated(route.body as Record<string, unknown>).map((value): Body => ({ kind: "json", value }))
          },
          {
            weight: 1,
            arbitrary: fc
              .tuple(
                fc.constantFrom(...Object.keys(route.body), "metadata", "value", "pad"),
                fc.integer({ min: MaxBodyBytes - 2_000, max: MaxBodyBytes + 50_000 })
              )
              .map(([key, bytes]): Body => ({ kind: "huge", base: route.body, key, bytes }))
          }
        )
        .map((body): Case => ({ method: route.method, url: `${route.url}${query}`, auth: who, headers: {}, body }))
    )

/** JSON bodies nested deeper than any real one, as the whole body or inside a valid body. */
const deepBodyCase = (ctx: Context): fc.Arbitrary<Case> =>
  fc
    .tuple(
      writeRoute(ctx),
      fc.constantFrom<"array" | "object">("array", "object"),
      fc.integer({ min: 1, max: 40_000 }),
      fc.boolean()
    )
    .map(([route, shape, depth, inside]): Case => ({
      method: route.method,
      url: route.url,
      auth: "a",
      headers: {},
      body: {
        kind: "deep",
        shape,
        depth,
        base: route.body,
        key: inside
          ? (route.url.startsWith("/dsar/requests") && !route.url.includes("notes")
            ? "metadata"
            : Object.keys(route.body)[0]!)
          : null
      }
    }))

/** Random query strings on every route that reads them: repeated keys, `$sort[...]`, `[$in]`, odd encodings. */
const queryCase = (ctx: Context): fc.Arbitrary<Case> =>
  fc
    .tuple(
      fc.constantFrom(...ctx.ids).chain((id) =>
        fc.constantFrom(
          "/dsar/requests",
          "/dsar/requests/notes",
          `/dsar/requests/${id}`,
          `/dsar/requests/${id}/history`,
          "/dsar/user-rights",
          "/health"
        )
      ),
      queryString(ctx),
      auth
    )
    .map(([path, query, who]): Case => ({
      method: "GET",
      url: `${path}?${query}`,
      auth: who,
      headers: {},
      body: { kind: "none" }
    }))

const methods: ReadonlyArray<Method> = ["GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS"]

/** Random paths under /dsar and elsewhere, with random methods, with and without a token. */
const pathCase = (ctx: Context): fc.Arbitrary<Case> =>
  fc
    .tuple(
      fc.constantFrom(...methods),
      fc.oneof(
        fc.constantFrom(
          "/dsar/requests",
          "/dsar/requests/notes",
          "/dsar/links",
          "/dsar/user-rights",
          "/sessions",
          "/v1/sessions",
          "/health",
          "/dsar",
          "/dsar/",
          "/",
          "/v1",
          "/openapi.json"
        ),
        fc.oneof(fc.constantFrom(...ctx.ids), segment).map((id) => `/dsar/requests/${id}`),
        fc.oneof(fc.constantFrom(...ctx.ids), segment).map((id) => `/dsar/requests/${id}/history`),
        fc.tuple(fc.oneof(fc.constantFrom(...ctx.ids), segment), segment).map(([id, tail]) =>
          `/dsar/requests/${id}/${tail}`
        ),
        fc.array(segment, { minLength: 1, maxLength: 4 }).map((segments) => `/dsar/${segments.join("/")}`),
        fc.array(segment, { minLength: 1, maxLength: 4 }).map((segments) => `/${segments.join("/")}`)
      ),
      fc.oneof(fc.constant(""), fc.constant("?organization_id=x"), queryString(ctx).map((q) => `?${q}`)),
      fc.constantFrom<Auth>("a", "b", "none", "garbage"),
      fc.oneof(
        fc.constant<Body>({ kind: "none" }),
        jsonValue.map((value): Body => ({ kind: "json", value })),
        fc.constantFrom(createRequestExample, patchRequestExample).map((value): Body => ({ kind: "json", value }))
      )
    )
    // DELETE /sessions with a valid token ends the session every later case uses: a success, which
    // test/Sessions.test.ts states; here it would only turn the rest of the run into 401s.
    .filter(([method, path, , who]) =>
      !(method === "DELETE" && path.endsWith("/sessions") && (who === "a" || who === "b"))
    )
    .map(([method, path, query, who, body]): Case => ({
      method,
      url: `${path}${query}`,
      auth: who,
      headers: {},
      body: method === "GET" || method === "HEAD" ? { kind: "none" } : body
    }))

// Transport-level headers (content-length, transfer-encoding, host, connection, expect) are left
// out: Node's HTTP parser answers or reframes them before the application is reached.
const headerNames = [
  "content-type",
  "accept",
  "accept-language",
  "accept-encoding",
  "authorization",
  "cookie",
  "origin",
  "referer",
  "user-agent",
  "x-forwarded-for",
  "x-forwarded-proto",
  "x-forwarded-host",
  "forwarded",
  "x-request-id",
  "traceparent",
  "tracestate",
  "b3",
  "x-b3-traceid",
  "x-b3-spanid",
  "x-b3-sampled",
  "if-none-match",
  "if-modified-since",
  "range",
  "content-encoding",
  "content-language",
  "x-http-method-override"
]
const contentTypes = [
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/json; charset=latin1",
  "text/plain",
  "text/json",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "multipart/form-data; boundary=xyz",
  "application/octet-stream",
  "application/problem+json",
  "",
  "*/*"
]
const headerValue = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    ...contentTypes,
    "gzip",
    "deflate, br",
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    "1-2-3",
    "bytes=0-10",
    "PATCH",
    "DELETE",
    "Bearer",
    "Bearer ",
    "null"
  )
)

/** Random header values on every route, with an accepted body. */
const headerCase = (ctx: Context): fc.Arbitrary<Case> =>
  fc
    .tuple(
      fc.oneof(
        writeRoute(ctx).map((route) => ({
          method: route.method as Method,
          url: route.url,
          body: { kind: "json", value: route.body } as Body
        })),
        fc.constantFrom(...ctx.ids).map((id) => ({
          method: "GET" as Method,
          url: `/dsar/requests/${id}`,
          body: { kind: "none" } as Body
        })),
        fc.constant({ method: "GET" as Method, url: "/dsar/requests?status=verified", body: { kind: "none" } as Body })
      ),
      fc.dictionary(
        fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...headerNames) }, {
          weight: 1,
          arbitrary: fc.stringMatching(/^x-[a-z0-9-]{1,16}$/)
        }),
        headerValue,
        {
          minKeys: 1,
          maxKeys: 5
        }
      ),
      // The content type on its own, so that every kind comes up often.
      fc.option(
        fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...contentTypes) }, {
          weight: 1,
          arbitrary: fc.string({ maxLength: 30 })
        }),
        { freq: 2 }
      ),
      auth
    )
    .map(([route, headers, contentType, who]): Case => ({
      ...route,
      headers: contentType === null ? headers : { ...headers, "content-type": contentType },
      auth: who
    }))

/** Bodies that are not JSON at all, or JSON cut short, sent as JSON. */
const notJsonCase = (ctx: Context): fc.Arbitrary<Case> =>
  fc
    .tuple(
      writeRoute(ctx),
      fc.oneof(
        fc.constantFrom(
          "{",
          "[",
          "{\"a\":",
          "nul",
          "tru",
          "'x'",
          "{a:1}",
          "[1,]",
          "\"unterminated",
          "{}}",
          "NaN",
          "undefined",
          "\u0000",
          "{\"a\":1}garbage"
        ),
        fc.string({ minLength: 1, maxLength: 60 }).filter((text) => {
          try {
            JSON.parse(text)
            return false
          } catch {
            return true
          }
        })
      ),
      fc.nat()
    )
    .map(([route, junk, cut]): Case => {
      const valid = JSON.stringify(route.body)
      // Either junk, or the valid body cut somewhere inside.
      const text = cut % 2 === 0 ? junk : valid.slice(0, 1 + (cut % (valid.length - 1)))
      return { method: route.method, url: route.url, auth: "a", headers: {}, body: { kind: "raw", text } }
    })

// ---------------------------------------------------------------------------------------------

/** Two organisations, A with a request in every status, each with a note, and B with one request. */
export const setUp = Effect.gen(function*() {
  const a = yield* tenant("A")
  const b = yield* tenant("B")
  const ids: Array<string> = []
  for (const status of statuses) {
    const request = yield* a.createRequest({ status })
    ids.push(request.id)
    yield* send({
      method: "POST",
      url: "/dsar/requests/notes",
      json: { request_id: request.id, value: "a note" },
      token: a.token
    })
  }
  yield* b.createRequest()
  const ctx: Context = {
    a: { org: a.org, token: a.token, key: a.credentials.key, secret: a.credentials.secret },
    b: { org: b.org, token: b.token },
    ids
  }
  return ctx
})

/** What is generated, one property each. */
export const properties: ReadonlyArray<
  { readonly title: string; readonly cases: (ctx: Context) => fc.Arbitrary<Case> }
> = [
  {
    title: "random JSON bodies, mutated valid bodies and huge strings on every route that takes a body",
    cases: jsonBodyCase
  },
  { title: "JSON bodies nested thousands of levels deep", cases: deepBodyCase },
  { title: "random query strings: repeated keys, $sort[...], [$in] and odd encodings", cases: queryCase },
  { title: "random paths under /dsar and elsewhere with random methods, with and without a token", cases: pathCase },
  { title: "random header values, content types included", cases: headerCase },
  { title: "bodies that are not JSON, or JSON cut short", cases: notJsonCase }
]

/** Runs the property over `cases` against the server `ctx` was set up on, counting into `tried`; returns how many cases ran. */
export const holds = (
  ctx: Context,
  cases: (ctx: Context) => fc.Arbitrary<Case>,
  parameters: fc.Parameters<[Case]>,
  tried: Tried
) =>
  Effect.gen(function*() {
    const run = Runtime.runPromise(yield* Effect.runtime<HttpClient.HttpClient>())
    const seen = new Map<string, unknown>()
    let runs = 0
    yield* Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(cases(ctx), (c) => {
          runs++
          return run(check(ctx, tried, seen)(c))
        }),
        parameters
      )
    )
    expect(runs).toBeGreaterThan(0)
    return runs
  })
