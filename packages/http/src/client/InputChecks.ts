import { NotesListParams, Payloads, WebhookDeliveryPath, WebhookPath } from "../Api.js"
import { EmailPath, parseListQuery, queryString, RequestIdPath, type RequestsQuery } from "../ListQuery.js"
import { asSent } from "./Sending.js"

/** Each input of `PrivacyRequests`, checked as its endpoint decodes it; every implementation checks with these. */
export const InputChecks = {
  /** The listing the server reads from the query string a Feathers client sends for `query`. */
  query: (query: RequestsQuery) => parseListQuery(queryString(query)),
  path: asSent(RequestIdPath),
  emailPath: asSent(EmailPath),
  notesQuery: asSent(NotesListParams),
  request: asSent(Payloads.createRequest),
  patch: asSent(Payloads.patchRequest),
  note: asSent(Payloads.createNote),
  link: asSent(Payloads.createLink),
  extension: asSent(Payloads.extendRequest),
  webhookPath: asSent(WebhookPath),
  deliveryPath: asSent(WebhookDeliveryPath),
  webhook: asSent(Payloads.createWebhook),
  rotation: asSent(Payloads.rotateWebhookSecret)
} as const
