import { NotesListParams, Payloads } from "../Api.js"
import { EmailPath, ListRequestsParams, RequestIdPath } from "../ListQuery.js"
import { asSent } from "./Sending.js"

/** Each input of `PrivacyRequests`, checked as its endpoint decodes it; every implementation checks with these. */
export const InputChecks = {
  query: asSent(ListRequestsParams),
  path: asSent(RequestIdPath),
  emailPath: asSent(EmailPath),
  notesQuery: asSent(NotesListParams),
  request: asSent(Payloads.createRequest),
  patch: asSent(Payloads.patchRequest),
  note: asSent(Payloads.createNote),
  link: asSent(Payloads.createLink)
} as const
