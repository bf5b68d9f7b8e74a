import { createRequestExample } from "@dsar/domain"
import type { OrganizationCredentials } from "@dsar/http"
import { HttpBody, HttpClient, HttpClientRequest, HttpServer } from "@effect/platform"
import { expect } from "@effect/vitest"
import { Effect } from "effect"
import * as NodeHttp from "node:http"
import { newOrganization } from "./Organizations.js"
import { accessToken } from "./TestApp.js"

/** What came back from the server, the body parsed as JSON when it is JSON. */
export interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
  readonly json: unknown
}

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE" | "HEAD" | "OPTIONS"

export interface Send {
  readonly method: Method
  /** Path and query string, sent as they are (no re-encoding). */
  readonly url: string
  readonly token?: string
  /** Serialized to JSON. */
  readonly json?: unknown
  /** Sent verbatim, with `content-type: application/json` unless `headers` says otherwise. */
  readonly raw?: string | Uint8Array
  readonly headers?: Readonly<Record<string, string>>
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** One raw HTTP exchange with the test server (the base URL is prefilled by the layer). */
export const send = (input: Send) =>
  Effect.gen(function*() {
    const http = yield* HttpClient.HttpClient
    let request = HttpClientRequest.make(input.method)(input.url)
    if (input.token !== undefined) request = HttpClientRequest.bearerToken(request, input.token)
    if (input.headers !== undefined) request = HttpClientRequest.setHeaders(request, input.headers)
    const contentType = input.headers?.["content-type"] ?? "application/json"
    if (input.json !== undefined) {
      request = HttpClientRequest.setBody(request, HttpBody.text(JSON.stringify(input.json), contentType))
    } else if (typeof input.raw === "string") {
      request = HttpClientRequest.setBody(request, HttpBody.text(input.raw, contentType))
    } else if (input.raw !== undefined) {
      request = HttpClientRequest.setBody(request, HttpBody.uint8Array(input.raw, contentType))
    }
    const response = yield* http.execute(request)
    const text = input.method === "HEAD" ? "" : yield* response.text
    return { status: response.status, headers: response.headers, text, json: parse(text) } satisfies Answer
  }).pipe(Effect.scoped)

export const get = (url: string, token?: string) => send({ method: "GET", url, ...(token !== undefined && { token }) })
export const post = (url: string, json: unknown, token?: string) =>
  send({ method: "POST", url, json, ...(token !== undefined && { token }) })
export const patch = (url: string, json: unknown, token?: string) =>
  send({ method: "PATCH", url, json, ...(token !== undefined && { token }) })

export const ErrorNames = {
  400: "BadRequest",
  401: "NotAuthenticated",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  409: "Conflict",
  413: "PayloadTooLarge",
  429: "TooManyRequests",
  503: "ServiceUnavailable"
} as const
export type ErrorCode = keyof typeof ErrorNames

/** Whether a body is exactly `{ code, name, message, errors: [{ path, message }] }`, nothing else. */
export const hasErrorShape = (body: unknown): boolean => {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return false
  const record = body as Record<string, unknown>
  const keys = Object.keys(record).sort()
  if (keys.join(",") !== "code,errors,message,name") return false
  if (typeof record.code !== "number" || typeof record.name !== "string" || typeof record.message !== "string") {
    return false
  }
  if (record.message.length === 0 || !Array.isArray(record.errors)) return false
  return record.errors.every(
    (issue: unknown) =>
      typeof issue === "object" &&
      issue !== null &&
      Object.keys(issue).sort().join(",") === "message,path" &&
      typeof (issue as Record<string, unknown>).path === "string" &&
      typeof (issue as Record<string, unknown>).message === "string"
  )
}

export interface ErrorBody {
  readonly code: number
  readonly name: string
  readonly message: string
  readonly errors: ReadonlyArray<{ readonly path: string; readonly message: string }>
}

/**
 * Asserts the answer is the given error: its status, a JSON content type, and the exact error
 * shape with matching `code` and `name`. Returns the body for finer checks.
 */
export const expectError = (answer: Answer, code: ErrorCode): ErrorBody => {
  const body = (typeof answer.json === "object" && answer.json !== null ? answer.json : {}) as Partial<ErrorBody>
  expect({ status: answer.status, code: body.code, name: body.name }, `answer: ${answer.text.slice(0, 300)}`).toEqual({
    status: code,
    code,
    name: ErrorNames[code]
  })
  expect(answer.headers["content-type"]).toMatch(/^application\/json\b/)
  expect(hasErrorShape(answer.json), `not the error shape: ${answer.text}`).toBe(true)
  expect((answer.json as ErrorBody).errors.length, "errors names at least one property").toBeGreaterThan(0)
  return answer.json as ErrorBody
}

/** The paths `errors` names, each once (a union schema may report one property twice). */
export const pathsOf = (body: ErrorBody) => [...new Set(body.errors.map((issue) => issue.path))]

/** A new organisation with a session token, and a helper creating requests in it. */
export const tenant = (name = "Acme") =>
  Effect.gen(function*() {
    const credentials: OrganizationCredentials = yield* newOrganization(name)
    const token = yield* accessToken(credentials)
    const org = credentials.organization_id
    const createRequest = (overrides: Record<string, unknown> = {}) =>
      Effect.gen(function*() {
        const answer = yield* post(
          `/dsar/requests?organization_id=${org}`,
          { ...createRequestExample, ...overrides },
          token
        )
        expect(answer.status, answer.text).toBe(201)
        return answer.json as Record<string, unknown> & {
          readonly id: string
          readonly status: string
          readonly created_at: string
        }
      })
    return { credentials, token, org, createRequest } as const
  })

/** How many requests the token's organisation holds, from the list endpoint's `x-total-count`. */
export const requestCount = (token: string) =>
  Effect.gen(function*() {
    const answer = yield* get("/dsar/requests?$limit=1", token)
    expect(answer.status, answer.text).toBe(200)
    return Number(answer.headers["x-total-count"])
  })

/** Everything stored about one request: itself, its history and its notes, as JSON. */
export const snapshot = (token: string, id: string) =>
  Effect.gen(function*() {
    const [request, history, notes] = yield* Effect.all(
      [
        get(`/dsar/requests/${encodeURIComponent(id)}`, token),
        get(`/dsar/requests/${encodeURIComponent(id)}/history`, token),
        get(`/dsar/requests/notes?request_id=${encodeURIComponent(id)}`, token)
      ],
      { concurrency: "unbounded" }
    )
    expect([request.status, history.status, notes.status]).toEqual([200, 200, 200])
    return { request: request.json, history: history.json, notes: notes.json }
  })

/**
 * A POST whose body is streamed in chunks (`transfer-encoding: chunked`, no `content-length`),
 * through Node's own client so the framing is exactly that. A connection the server drops
 * without answering comes back as status 0, with the socket error as text.
 */
export const postChunked = (url: string, chunks: ReadonlyArray<string>, token: string) =>
  Effect.gen(function*() {
    const server = yield* HttpServer.HttpServer
    const address = server.address
    if (address._tag !== "TcpAddress") return yield* Effect.dieMessage("the test server listens on TCP")
    return yield* Effect.async<Answer>((resume) => {
      const request = NodeHttp.request(
        {
          host: "127.0.0.1",
          port: address.port,
          method: "POST",
          path: url,
          headers: {
            authorization: `Bearer ${token}`,
            "content-type": "application/json",
            "transfer-encoding": "chunked"
          }
        },
        (response) => {
          let text = ""
          response.setEncoding("utf8")
          response.on("data", (chunk: string) => (text += chunk))
          response.on("end", () => {
            const headers: Record<string, string> = {}
            for (const [name, value] of Object.entries(response.headers)) {
              if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value
            }
            resume(Effect.succeed({ status: response.statusCode ?? 0, headers, text, json: parse(text) }))
          })
        }
      )
      request.on("error", (error) =>
        resume(Effect.succeed({ status: 0, headers: {}, text: `${error.message}`, json: undefined })))
      let index = 0
      const next = (): void => {
        const chunk = chunks[index++]
        if (chunk === undefined) {
          request.end()
        } else {request.write(chunk, () =>
            setImmediate(next))}
      }
      next()
      return Effect.sync(() => request.destroy())
    })
  })
