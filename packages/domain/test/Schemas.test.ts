import { it as effectIt } from "@effect/vitest"
import { test } from "@fast-check/vitest"
import { Arbitrary, Effect, Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  CreateLink,
  createLinkExample,
  CreateNote,
  CreateRequest,
  createRequestExample,
  createRequestWithApprovalExample,
  decodeInput,
  decodePatchRequest,
  EditableFields,
  ExtraMessageVariables,
  FieldDefinition,
  Link,
  listRequestsExample,
  Note,
  PatchRequest,
  patchRequestExample,
  Request,
  RequestField,
  Source,
  User,
  UserRight,
  Validation
} from "../src/index.js"

const resources = { Request, RequestField, FieldDefinition, Source, Validation, User, Link, Note, UserRight }
const inputs = { CreateRequest, PatchRequest, CreateLink, CreateNote }

describe("schemas round-trip", () => {
  for (const [name, schema] of Object.entries({ ...resources, ...inputs })) {
    const s = schema as Schema.Schema<unknown, unknown>
    test.prop([Arbitrary.make(s)])(`every valid ${name} encodes to JSON and decodes to itself`, (value) => {
      // An own "__proto__" key cannot survive any plain-object decoder as data.
      fc.pre(!JSON.stringify(value).includes("\"__proto__\""))
      const json = JSON.parse(JSON.stringify(Schema.encodeSync(s)(value)))
      expect(Schema.decodeUnknownSync(s)(json)).toEqual(value)
    })
  }
})

describe("a request's JSON is its encoding", () => {
  // The in-memory store writes the JSON the API answers with JSON.stringify of its requests.
  test.prop([Arbitrary.make(Request)])(
    "JSON.stringify of a valid request equals the JSON of its schema encoding",
    (request) => {
      fc.pre(!JSON.stringify(request).includes("\"__proto__\""))
      expect(JSON.parse(JSON.stringify(request))).toEqual(
        JSON.parse(JSON.stringify(Schema.encodeSync(Request)(request)))
      )
    }
  )
})

describe("the hosted API's seed payloads decode", () => {
  it("the list response of the Requests page decodes as requests", () => {
    const [request] = Schema.decodeUnknownSync(Schema.Array(Request))(listRequestsExample)
    expect(request?.request_fields[0]?.field.subscribers).toEqual(["trim_value", "to_lower_case"])
    expect(request?.expires_at).toEqual(new Date("2026-04-15T10:00:00.000Z"))
  })

  it("the list response encodes back to exactly the seed's JSON", () => {
    const decoded = Schema.decodeUnknownSync(Schema.Array(Request))(listRequestsExample)
    expect(Schema.encodeSync(Schema.Array(Request))(decoded)).toEqual(listRequestsExample)
  })

  it("the create-request body, with user and country, decodes", () => {
    expect(Schema.decodeUnknownSync(CreateRequest)(createRequestExample)).toMatchObject({
      status: "verified",
      user: { country: "US" }
    })
  })

  it("the create-request body with the approval workflow decodes as unverified", () => {
    expect(Schema.decodeUnknownSync(CreateRequest)(createRequestWithApprovalExample).status).toBe("unverified")
  })

  it("the update body with a download link decodes", () => {
    expect(Either.getOrThrow(decodePatchRequest(patchRequestExample)).extra_message_variables?.download_link).toBe(
      "https://files.example.org/export.zip"
    )
  })

  effectIt.effect("the create-link body decodes, with its lifetime", () =>
    Effect.gen(function*() {
      const link = yield* Schema.decodeUnknown(CreateLink)(createLinkExample)
      expect(link.lifetime).toBe(900)
      expect(link.event.status).toBe("verified")
    }))
})

describe("inputs refuse what they do not allow", () => {
  const forbiddenKey = fc.string({ minLength: 1 }).filter((key) =>
    !(EditableFields as ReadonlyArray<string>).includes(key)
  )

  test.prop([fc.uniqueArray(forbiddenKey, { minLength: 1, maxLength: 5 })])(
    "a PATCH naming any property besides status, metadata, extra_message_variables and refusal is refused, naming all of them",
    (keys) => {
      const body = { status: "verified", ...Object.fromEntries(keys.map((key) => [key, 1])) }
      const refused = decodePatchRequest(body)
      expect(Either.isLeft(refused) && refused.left._tag === "ForbiddenFields" && [...refused.left.fields].sort())
        .toEqual(
          [...keys].sort()
        )
    }
  )

  it("the PATCH schema itself refuses unknown properties, so a decoder given only the schema refuses them too", () => {
    const refused = decodeInput(PatchRequest)({ status: "verified", id: "x", created_at: "y" })
    expect(Either.isLeft(refused) && refused.left.errors.map((e) => e.path)).toEqual(["id", "created_at"])
  })

  test.prop([fc.string().filter((s) => !s.startsWith("https://"))])(
    "a download_link must be an https URL",
    (download_link) => {
      expect(Either.isLeft(Schema.decodeUnknownEither(ExtraMessageVariables)({ download_link }))).toBe(true)
    }
  )

  it("an unknown status or right is refused, naming the property", () => {
    const refused = decodeInput(CreateRequest)({
      ...createRequestExample,
      status: "done",
      user_right_id: "gdpr_everything"
    })
    expect(Either.isLeft(refused) && refused.left.errors.map((e) => e.path)).toEqual(["user_right_id", "status"])
  })

  it("every problem of a body is named at once", () => {
    const refused = decodeInput(CreateRequest)({ source: { type: "widget" } })
    expect(Either.isLeft(refused) && refused.left.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(["organization_user_id", "user_right_id", "status", "source.type"])
    )
  })
})
