import { Schema } from "effect"
import { editableFieldsText } from "./EditableFields.js"
import { LinkId, RequestId } from "./Ids.js"
import { refusalReasons } from "./Refusal.js"
import { Status } from "./Status.js"

// Domain errors carry no HTTP status: the HTTP contract maps each tag to one, in one place.

export const Issue = Schema.Struct({
  path: Schema.String.annotations({ description: "Dotted path of the offending property; empty for the whole body." }),
  message: Schema.String
}).annotations({ identifier: "ErrorDetail", description: "One offending property and what is wrong with it." })
export type Issue = typeof Issue.Type

const listed = (items: ReadonlyArray<string>) => items.join(", ")

/** Input that does not match its schema: every offending property is named. */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  errors: Schema.Array(Issue)
}) {
  override get message() {
    return `Invalid input: ${this.errors.map((e) => (e.path === "" ? e.message : `${e.path} ${e.message}`)).join("; ")}`
  }
}

/** A PATCH that names properties other than the editable fields. */
export class ForbiddenFields extends Schema.TaggedError<ForbiddenFields>()("ForbiddenFields", {
  fields: Schema.Array(Schema.String)
}) {
  override get message() {
    return `Only ${editableFieldsText()} can be changed; refused: ${listed(this.fields)}`
  }
}

/** A status change the lifecycle does not allow. */
export class InvalidTransition extends Schema.TaggedError<InvalidTransition>()("InvalidTransition", {
  from: Status,
  to: Status,
  allowed: Schema.Array(Status)
}) {
  override get message() {
    const allowed = this.allowed.length === 0
      ? `${this.from} is terminal`
      : `allowed from ${this.from}: ${listed(this.allowed)}`
    return `Cannot change status from ${this.from} to ${this.to} (${allowed})`
  }
}

/** Request field values that are unknown, repeated or invalid. */
export class InvalidRequestFields extends Schema.TaggedError<InvalidRequestFields>()("InvalidRequestFields", {
  errors: Schema.Array(Schema.Struct({ field_id: Schema.String, message: Schema.String }))
}) {
  override get message() {
    return `Invalid request_fields: ${this.errors.map((e) => `${e.field_id} ${e.message}`).join("; ")}`
  }
}

/** An unverified request needs an address to send its approval link to. */
export class MissingRequesterEmail extends Schema.TaggedError<MissingRequesterEmail>()("MissingRequesterEmail", {}) {
  override get message() {
    return "An unverified request needs the requester's email: give the `email` request field or `user.email`"
  }
}

/** A link used already, for an event that no longer holds. */
export class LinkUsed extends Schema.TaggedError<LinkUsed>()("LinkUsed", {
  link_id: LinkId
}) {
  override get message() {
    return "This link has already been used"
  }
}

/** Why a request's deadline cannot be extended, whatever date is asked for. */
export const ExtensionProblem = Schema.Literal("closed", "not_allowed", "used", "deadline_passed")
export type ExtensionProblem = typeof ExtensionProblem.Type

/** An extension the request's state or its right does not allow. */
export class ExtensionRefused extends Schema.TaggedError<ExtensionRefused>()("ExtensionRefused", {
  request_id: RequestId,
  problem: ExtensionProblem,
  detail: Schema.String
}) {
  override get message() {
    return `The deadline of request ${this.request_id} cannot be extended: ${this.detail}`
  }
}

/** A move to `refused` without its reason: the requester must be told why. */
export class MissingRefusalReason extends Schema.TaggedError<MissingRefusalReason>()("MissingRefusalReason", {
  from: Status,
  /** Who asked: a PATCH without `refusal`, or a link (which cannot carry one). */
  by: Schema.Literal("patch", "link")
}) {
  override get message() {
    return this.by === "link"
      ? "A link cannot refuse a request: a refusal needs a reason, given with PATCH"
      : `Refusing a request needs a reason: give refusal.reason (${refusalReasons.join(", ")}) with status refused`
  }
}

/** A refusal's reason given with a change that is not a refusal. */
export class UnexpectedRefusal extends Schema.TaggedError<UnexpectedRefusal>()("UnexpectedRefusal", {
  status: Status
}) {
  override get message() {
    return `A refusal is only given with status refused, not ${this.status}`
  }
}

export type DomainError =
  | InvalidInput
  | ForbiddenFields
  | InvalidTransition
  | InvalidRequestFields
  | MissingRequesterEmail
  | LinkUsed
  | ExtensionRefused
  | MissingRefusalReason
  | UnexpectedRefusal
