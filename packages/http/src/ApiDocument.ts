import {
  createLinkExample,
  createRequestExample,
  createRequestWithApprovalExample,
  listRequestsExample,
  patchRequestExample
} from "@dsar/domain"
import { OpenApi } from "@effect/platform"
import { DsarApi } from "./Api.js"

type Json = Record<string, any>

// The platform documents its own decode error (and the schemas only it uses) on every route;
// ours replace it (see ErrorShape). Effect also gives every `Schema.Unknown` the same `$id`,
// which OpenAPI 3.1 forbids repeating.
const PLATFORM_ONLY = new Set(["HttpApiDecodeError", "Issue", "PropertyKey"])
const DECODE_ERROR_REF = "#/components/schemas/HttpApiDecodeError"

const [requestExample] = listRequestsExample

const example = (summary: string, value: unknown) => ({ summary, value })

/** Bodies as the hosted API's pages show them (`HostedApiExamples`), per operation. */
const requestExamples: Readonly<Record<string, Json>> = {
  "sessions.create": {
    login: example("An API key and its secret", { type: "api-key", key: "key_...", secret: "..." })
  },
  "sessions.createV1": {
    login: example("An API key and its secret", { type: "api-key", key: "key_...", secret: "..." })
  },
  "requests.create": {
    seed: example("The hosted API's example: a verified access request", createRequestExample),
    approval: example("An unverified request: its approval link is emailed", createRequestWithApprovalExample)
  },
  "requests.update": { fulfil: example("Fulfil an access request with its download link", patchRequestExample) },
  "notes.create": { note: example("A staff comment", { request_id: "req-1", value: "Called the requester" }) },
  "links.create": { seed: example("The hosted API's example", createLinkExample) }
}

const responseExamples: Readonly<Record<string, Json>> = {
  "requests.create": { seed: example("The request as stored", requestExample) },
  "requests.list": { seed: example("The hosted API's list response", listRequestsExample) },
  "requests.get": { seed: example("The request as stored", requestExample) },
  "requests.update": { seed: example("The request after the change", requestExample) }
}

/** Headers the server adds to some answers whatever the operation (see ErrorShape, Handlers). */
const responseHeaders: Readonly<Record<string, Json>> = {
  "401": {
    "WWW-Authenticate": {
      description: "The scheme the route takes: `Bearer`.",
      required: true,
      schema: { type: "string", const: "Bearer" }
    }
  },
  "429": {
    "Retry-After": {
      description: "Seconds to wait before trying again.",
      required: true,
      schema: { type: "string", pattern: "^[0-9]+$" }
    }
  },
  "503": {
    "Retry-After": {
      description: "Seconds to wait, while the server starts or stops.",
      required: false,
      schema: { type: "string", pattern: "^[0-9]+$" }
    }
  }
}

const operationsOf = (spec: Json): ReadonlyArray<Json> =>
  Object.values<Json>(spec.paths ?? {}).flatMap((operations) => Object.values<Json>(operations))

const documented = (spec: Json): Json => {
  const copy = JSON.parse(JSON.stringify(spec), (key, value) => {
    if (key === "$id" && value === "/schemas/unknown") return undefined
    if (value && typeof value === "object" && Array.isArray(value.anyOf)) {
      const { anyOf, ...rest } = value
      const kept = anyOf.filter((schema: { $ref?: string }) => schema.$ref !== DECODE_ERROR_REF)
      return kept.length === 1 ? { ...rest, ...kept[0] } : { ...rest, anyOf: kept }
    }
    return value
  })
  for (const name of PLATFORM_ONLY) delete copy.components?.schemas?.[name]
  // The schema also decodes the hosted API's answers, which may leave it out; this server always sends it.
  copy.components.schemas.Request.required.push("extra_message_variables")
  for (const operation of operationsOf(copy)) {
    // An operation that declares no 400 of its own (it takes no parameter) answers none.
    const schema = operation.responses?.["400"]?.content?.["application/json"]?.schema
    if (schema?.$ref === DECODE_ERROR_REF || (Array.isArray(schema?.anyOf) && schema.anyOf.length === 0)) {
      delete operation.responses["400"]
    }
    for (const [status, headers] of Object.entries(responseHeaders)) {
      const response = operation.responses?.[status]
      if (response !== undefined) response.headers = { ...response.headers, ...headers }
    }
    const body = operation.requestBody?.content?.["application/json"]
    const bodyExamples = requestExamples[operation.operationId]
    if (body !== undefined && bodyExamples !== undefined) body.examples = bodyExamples
    const success = Object.entries<Json>(operation.responses ?? {}).find(([status]) => status.startsWith("2"))?.[1]
    const answerExamples = responseExamples[operation.operationId]
    if (success?.content?.["application/json"] !== undefined && answerExamples !== undefined) {
      success.content["application/json"].examples = answerExamples
    }
  }
  return copy
}

/** The contract as `/openapi.json` serves it: the platform's document, completed (see `documented`). */
export const DocumentedApi = DsarApi.annotate(OpenApi.Transform, documented)
