import { type DomainError, type ExtensionProblem, Issue } from "@dsar/domain"
import { HttpApiSchema } from "@effect/platform"
import { Schema } from "effect"

// Every failure travels in the hosted API's shape, `{ code, name, message, errors }`, where
// `errors` names each offending property. Handlers fail with these classes; `wire` gives each its
// JSON form and HTTP status, once, here.

const fields = { message: Schema.String, errors: Schema.Array(Issue) }

export class BadRequest extends Schema.TaggedError<BadRequest>()("BadRequest", fields) {}

/** The 400 naming each offending property (`""` for the body or the query as a whole). */
export const badRequestFor = (errors: ReadonlyArray<Issue>) =>
  new BadRequest({
    message: `Invalid request: ${errors.map((e) => `${e.path || "body"} ${e.message}`).join("; ")}`,
    errors
  })
export class NotAuthenticated extends Schema.TaggedError<NotAuthenticated>()("NotAuthenticated", fields) {}
export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", fields) {}
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", fields) {}
export class Conflict extends Schema.TaggedError<Conflict>()("Conflict", fields) {}
export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>()("PayloadTooLarge", fields) {}
export class TooManyRequests extends Schema.TaggedError<TooManyRequests>()("TooManyRequests", fields) {}
export class MethodNotAllowed extends Schema.TaggedError<MethodNotAllowed>()("MethodNotAllowed", fields) {}
export class ServiceUnavailable extends Schema.TaggedError<ServiceUnavailable>()("ServiceUnavailable", fields) {}

export type ApiError =
  | BadRequest
  | NotAuthenticated
  | Forbidden
  | NotFound
  | Conflict
  | PayloadTooLarge
  | TooManyRequests
  | MethodNotAllowed
  | ServiceUnavailable

type ErrorClass<A, Tag extends string> = Schema.Schema<
  A,
  { readonly _tag: Tag; readonly message: string; readonly errors: ReadonlyArray<typeof Issue.Encoded> }
>

const wire = <A, Tag extends string, Code extends number>(
  schema: ErrorClass<A, Tag>,
  name: Tag,
  code: Code,
  description: string
) =>
  Schema.transform(
    Schema.Struct({
      code: Schema.Literal(code),
      name: Schema.Literal(name),
      message: Schema.String,
      errors: Schema.Array(Issue)
    }),
    schema,
    {
      strict: true,
      decode: ({ message, errors }) => ({ _tag: name, message, errors }),
      encode: ({ message, errors }) => ({ code, name, message, errors }) as const
    }
  ).annotations({ ...HttpApiSchema.annotations({ status: code }), identifier: name, description })

export const BadRequestJson = wire(
  BadRequest,
  "BadRequest",
  400,
  "The request is malformed; `errors` names every offending property."
)
export const NotAuthenticatedJson = wire(
  NotAuthenticated,
  "NotAuthenticated",
  401,
  "Missing, invalid or expired credentials."
)
export const ForbiddenJson = wire(
  Forbidden,
  "Forbidden",
  403,
  "The `organization_id` is not the one the session belongs to."
)
export const NotFoundJson = wire(NotFound, "NotFound", 404, "No such resource in this organisation.")
export const ConflictJson = wire(Conflict, "Conflict", 409, "The change conflicts with the request's current state.")
export const PayloadTooLargeJson = wire(
  PayloadTooLarge,
  "PayloadTooLarge",
  413,
  "The body is larger than the documented limit."
)
export const TooManyRequestsJson = wire(
  TooManyRequests,
  "TooManyRequests",
  429,
  "Too many logins from this address or for this key, or too many at once: retry after `Retry-After` seconds."
)

export const MethodNotAllowedJson = wire(
  MethodNotAllowed,
  "MethodNotAllowed",
  405,
  "The path exists, but not with this method: `Allow` lists the methods it takes."
)
export const ServiceUnavailableJson = wire(
  ServiceUnavailable,
  "ServiceUnavailable",
  503,
  "The server cannot answer now (storage unreachable, or starting or stopping): retry later."
)

const issue = (path: string, message: string) => ({ path, message })

/** `path` names the id as the client sent it: the path parameter `id`, or a body property. */
export const notFound = (what: string, id: string, path = "id") =>
  new NotFound({ message: `No ${what} with id ${id}`, errors: [issue(path, `no ${what} with this id`)] })

/** The one mapping from domain refusals to API errors. */
export const fromDomainError = (error: DomainError): BadRequest | Conflict => {
  switch (error._tag) {
    case "InvalidInput":
      return new BadRequest({ message: error.message, errors: error.errors })
    case "ForbiddenFields":
      return new BadRequest({
        message: error.message,
        errors: error.fields.map((field) => issue(field, "cannot be changed"))
      })
    case "InvalidRequestFields":
      return new BadRequest({
        message: error.message,
        errors: error.errors.map((e) => issue(`request_fields.${e.field_id}`, e.message))
      })
    case "MissingRequesterEmail":
      return new BadRequest({
        message: error.message,
        errors: [issue("request_fields.email", "is required for an unverified request")]
      })
    case "InvalidTransition":
      return new Conflict({ message: error.message, errors: [issue("status", error.message)] })
    case "LinkUsed":
      return new Conflict({ message: error.message, errors: [issue("link", error.message)] })
    case "ExtensionRefused":
      return new Conflict({ message: error.message, errors: [issue(extensionPaths[error.problem], error.detail)] })
    case "MissingRefusalReason":
      return new BadRequest({
        message: error.message,
        errors: [
          error.by === "link"
            ? issue("event.status", "cannot be refused: a refusal needs a reason, given with PATCH")
            : issue("refusal", "is required with status refused")
        ]
      })
    case "UnexpectedRefusal":
      return new BadRequest({
        message: error.message,
        errors: [issue("refusal", `is only given with status refused, not ${error.status}`)]
      })
  }
}

/** The request's property each extension refusal is about. */
const extensionPaths: { readonly [P in ExtensionProblem]: string } = {
  closed: "status",
  not_allowed: "user_right_id",
  used: "extensions",
  deadline_passed: "expires_at"
}
