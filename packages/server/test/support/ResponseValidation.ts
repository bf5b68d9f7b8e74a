import { DocumentedApi } from "@dsar/http"
import { Cookies, HttpClient, HttpClientResponse, OpenApi } from "@effect/platform"
import addFormatsModule from "ajv-formats"
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js"
import { Effect, Layer } from "effect"

// Every answer the server tests receive through the HTTP client is checked against the OpenAPI
// document the server serves: an answer of a documented operation must have a documented status,
// a body its schema accepts and the headers it declares. A mismatch fails the test that received
// it, so the document cannot drift from what the server does.

type Json = Record<string, any>

// ajv-formats is CommonJS with its function as `default`.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"])

interface Operation {
  readonly method: string
  readonly template: string
  readonly pattern: RegExp
  readonly pointer: string
  readonly operation: Json
}

const escapePointer = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1")

const patternOf = (template: string) =>
  new RegExp(
    `^${
      template.split("/").map((segment) =>
        /^\{[^}]+\}$/.test(segment) ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
      ).join("/")
    }$`
  )

/** A header arrives as text; a header whose schema is numeric is checked as the number it spells. */
const headerValue = (schema: Json, value: string): unknown =>
  (schema.type === "integer" || schema.type === "number") && /^-?\d+(?:\.\d+)?$/.test(value) ? Number(value) : value

/** Checks answers against one OpenAPI 3.1 document. */
export const documentChecker = (document: Json) => {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
  addFormats(ajv)
  ajv.addSchema({ ...document, $id: "urn:dsar:openapi" })
  const compiled = new Map<string, ValidateFunction>()
  const validatorAt = (pointer: string) => {
    let validate = compiled.get(pointer)
    if (validate === undefined) {
      validate = ajv.compile({ $ref: `urn:dsar:openapi#${pointer}` })
      compiled.set(pointer, validate)
    }
    return validate
  }
  const operations: ReadonlyArray<Operation> = Object.entries<Json>(document.paths ?? {}).flatMap(([template, item]) =>
    Object.entries<Json>(item).filter(([method]) => METHODS.has(method)).map(([method, operation]) => ({
      method,
      template,
      // Static segments win over templated ones, as in the router: `/dsar/requests/notes` is not `{id}`.
      pattern: patternOf(template),
      pointer: `/paths/${escapePointer(template)}/${method}`,
      operation
    }))
  )
  const operationFor = (method: string, pathname: string) => {
    const candidates = operations.filter((op) => op.method === method && op.pattern.test(pathname))
    return candidates.find((op) => !op.template.includes("{")) ?? candidates[0]
  }

  /** What is wrong with an answer, or nothing: undocumented methods and paths are not the document's. */
  return (answer: {
    readonly method: string
    readonly url: string
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    readonly text: string
  }): ReadonlyArray<string> => {
    const pathname = new URL(answer.url, "http://localhost").pathname
    const found = operationFor(answer.method.toLowerCase(), pathname)
    if (found === undefined) return []
    const where = `${answer.method} ${found.template} -> ${answer.status}`
    const responses: Json = found.operation.responses ?? {}
    const status = String(answer.status) in responses ? String(answer.status) : "default"
    const response: Json | undefined = responses[status]
    if (response === undefined) return [`${where}: status not documented (${answer.text.slice(0, 200)})`]
    const pointer = `${found.pointer}/responses/${status}`
    const problems: Array<string> = []
    for (const [name, header] of Object.entries<Json>(response.headers ?? {})) {
      const value = answer.headers[name.toLowerCase()]
      if (value === undefined) {
        if (header.required === true) problems.push(`${where}: header ${name} missing`)
      } else if (header.schema !== undefined) {
        const validate = validatorAt(`${pointer}/headers/${escapePointer(name)}/schema`)
        if (!validate(headerValue(header.schema, value))) {
          problems.push(`${where}: header ${name}: ${ajv.errorsText(validate.errors)}`)
        }
      }
    }
    const content: Json | undefined = response.content
    if (content === undefined) {
      if (answer.text !== "") problems.push(`${where}: a body where none is documented`)
      return problems
    }
    const contentType = (answer.headers["content-type"] ?? "").split(";")[0]!.trim()
    if (!(contentType in content)) {
      problems.push(`${where}: content-type ${contentType || "(none)"} not documented`)
      return problems
    }
    if (contentType === "application/json" && content[contentType].schema !== undefined) {
      let body: unknown
      try {
        body = JSON.parse(answer.text)
      } catch {
        return [...problems, `${where}: the body is not JSON`]
      }
      const validate = validatorAt(`${pointer}/content/${escapePointer(contentType)}/schema`)
      if (!validate(body)) {
        problems.push(`${where}: body ${ajv.errorsText(validate.errors)}: ${answer.text.slice(0, 300)}`)
      }
    }
    return problems
  }
}

export class UndocumentedAnswer extends Error {}

/** The checker of the document `/openapi.json` serves: the same contract, read in-process. */
const checkServed = documentChecker(OpenApi.fromApi(DocumentedApi) as unknown as Json)

/**
 * The answer with its body already read into `bytes`, readable again by whoever asked for it: a
 * response body can be read once, and the contract's client reads it as bytes after the checker
 * has read it (reading it twice left the client waiting for ever).
 */
const replayable = (response: HttpClientResponse.HttpClientResponse, bytes: ArrayBuffer) => {
  const headers = new globalThis.Headers()
  for (const [name, value] of Object.entries(response.headers)) {
    if (name !== "set-cookie") headers.set(name, value)
  }
  for (const cookie of Cookies.toSetCookieHeaders(response.cookies)) headers.append("set-cookie", cookie)
  // A 204 or 304 may not carry a body, even an empty one.
  const body = bytes.byteLength === 0 ? null : bytes
  return HttpClientResponse.fromWeb(response.request, new Response(body, { status: response.status, headers }))
}

/** The `HttpClient` in context, checking each answer against the document the server serves. */
export const validatingClient = Layer.effect(
  HttpClient.HttpClient,
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const verify = (response: HttpClientResponse.HttpClientResponse) =>
      Effect.gen(function*() {
        // HEAD answers have no body to read; the document has no HEAD operation anyway.
        if (response.request.method === "HEAD") return response
        const bytes = yield* response.arrayBuffer
        const problems = checkServed({
          method: response.request.method,
          url: response.request.url,
          status: response.status,
          headers: response.headers,
          text: new TextDecoder().decode(bytes)
        })
        if (problems.length > 0) {
          return yield* Effect.die(
            new UndocumentedAnswer(`The answer does not match /openapi.json:\n${problems.join("\n")}`)
          )
        }
        return replayable(response, bytes)
      })
    return HttpClient.transformResponse(client, Effect.flatMap(verify))
  })
)
