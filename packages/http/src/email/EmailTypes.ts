import type { Status, UserRightKind } from "@dsar/domain"
import type { EmailKind } from "../ports/Outbox.js"
import type { BuiltInEmailType } from "../wording/Wording.js"

/** When one type of email is sent, and what its templates may use beyond the common variables. */
export interface EmailTypeDefinition {
  /** The outbox message kind it renders. */
  readonly kind: EmailKind
  /** For a status notice: the status it announces (any, when absent). */
  readonly status?: Status
  /** For a status notice: the kind of right it answers (any, when absent). */
  readonly right_kind?: typeof UserRightKind.Type
  readonly description: string
  readonly variables: ReadonlyArray<string>
}

const link = ["url", "expires_at", "expires_at_text"]

/**
 * The types of email, as data, most specific first: a message is rendered with the first type
 * that matches its kind, status and right. Adding a type is adding an entry here and its wording
 * in every language (`wording/`); an organisation can then replace it through the API.
 */
export const EmailTypes = {
  approval: {
    kind: "approval",
    description: "Asks the requester to confirm a new request (the approval link).",
    variables: link
  },
  renewal: {
    kind: "renewal",
    description: "A fresh approval link, sent when the requester opened an expired one.",
    variables: link
  },
  reminder: {
    kind: "reminder",
    description:
      "Reminds a requester who has not confirmed their request, with a fresh approval link, and says when it is closed otherwise (`closes_at_text`).",
    variables: [...link, "closes_at", "closes_at_text"]
  },
  receipt: {
    kind: "receipt",
    description:
      "Confirms that a request was received and by when it will be answered (`deadline_text`), where the right's law asks for it (the CPRA's), once the requester's identity is confirmed.",
    variables: []
  },
  access_fulfilled: {
    kind: "status_notice",
    status: "fulfilled",
    right_kind: "access",
    description: "A request to access one's data was answered; `download_link` when the request has one.",
    variables: ["download_link"]
  },
  delete_fulfilled: {
    kind: "status_notice",
    status: "fulfilled",
    right_kind: "delete",
    description: "A request to delete one's data was carried out.",
    variables: []
  },
  opt_out_fulfilled: {
    kind: "status_notice",
    status: "fulfilled",
    right_kind: "opt_out",
    description: "A request to opt out of the sale or sharing of one's data was carried out.",
    variables: []
  },
  refusal: {
    kind: "status_notice",
    status: "refused",
    description:
      "The request was refused: the reason's code (`refusal_reason`) and sentence in the email's language (`refusal_reason_text`), the `refusal_details` when given, and what the request's regulation says the requester can do (`remedies`).",
    variables: ["refusal_reason", "refusal_reason_text", "refusal_details", "remedies"]
  },
  extension_notice: {
    kind: "extension_notice",
    description: "The request's deadline was extended: the new date (`deadline_text`) and the `reason`.",
    variables: ["reason"]
  },
  status_notice: {
    kind: "status_notice",
    description: "Any other change of status (confirmed, in progress, fulfilled for other rights, closed).",
    variables: ["download_link"]
  }
} as const satisfies { readonly [T in BuiltInEmailType]: EmailTypeDefinition }

export type EmailType = keyof typeof EmailTypes
export const EmailTypeIds = Object.keys(EmailTypes) as ReadonlyArray<EmailType>

/** Whether `name` is one of the types. */
export const isEmailType = (name: string): name is EmailType => Object.hasOwn(EmailTypes, name)

/** The type of email a message is rendered with: the first (most specific) that matches it. */
export const emailTypeOf = (
  kind: EmailKind,
  status: Status | undefined,
  rightKind: typeof UserRightKind.Type | undefined
): EmailType =>
  EmailTypeIds.find((id) => {
    const type: EmailTypeDefinition = EmailTypes[id]
    return type.kind === kind
      && (type.status === undefined || type.status === status)
      && (type.right_kind === undefined || type.right_kind === rightKind)
  }) ?? (kind satisfies EmailType)
