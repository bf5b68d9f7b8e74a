import { type Actor, can, RequestId } from "@dsar/domain"
import { HttpRouter } from "@effect/platform"
import { Effect, Either, Schema } from "effect"
import type { ApiError } from "../ApiErrors.js"
import { evidencePage } from "../EvidencePage.js"
import { html } from "../Html.js"
import { EvidenceService } from "../services/Evidence.js"
import { currentDate } from "../Time.js"
import { csrfField, requirePermission, type SignedInOperator } from "./ConsoleAuth.js"
import { doneNotice, formFields, search, StatusOf } from "./ConsoleForms.js"
import { consolePage, seeOther } from "./ConsoleLayout.js"
import { ConsoleRequestsPaths, requestUrl } from "./ConsoleRequestsPaths.js"
import { csvDownload } from "./CsvExport.js"
import { dashboardData } from "./DashboardData.js"
import { dashboardBody } from "./DashboardPage.js"
import {
  actionNotice,
  addNote,
  changeStatus,
  eraseRequest,
  extendDeadline,
  type FormFields,
  requestPageData
} from "./RequestActions.js"
import { requestPageBody } from "./RequestPage.js"
import { listingPage, readConsoleListing } from "./RequestsListing.js"
import { requestsListBody } from "./RequestsListPage.js"

// The console's request pages as routes: each reads the signed-in operator, acts for its
// organisation only, through the API's services, with the operator as the actor of every change.

/** What a done action says on the page it returns to; the URL names one by key, never carries text. */
const Done = {
  status: "The status was changed.",
  note: "The note was added.",
  extension: "The deadline was extended.",
  erasure: "The request's personal data was erased; its record remains."
} as const
type Done = keyof typeof Done

const actorOf = (operator: SignedInOperator): Actor => ({ type: "operator", id: operator.operator_id })

const errorPage = (operator: SignedInOperator, title: string, path: string, error: ApiError) =>
  consolePage({
    title,
    operator,
    path,
    status: StatusOf[error._tag],
    body: html`<div class="notice error" role="alert"><p>${error.message}</p></div>
<p><a href="${ConsoleRequestsPaths.list}">Back to the requests</a></p>`
  })

export const dashboardRoute = Effect.gen(function*() {
  const operator = yield* requirePermission("requests.read")
  const data = yield* dashboardData(operator.organization_id, yield* currentDate)
  return consolePage({ title: "Dashboard", operator, path: ConsoleRequestsPaths.dashboard, body: dashboardBody(data) })
})

export const requestsListRoute = Effect.gen(function*() {
  const operator = yield* requirePermission("requests.read")
  const listing = readConsoleListing(yield* search)
  if (Either.isLeft(listing)) return errorPage(operator, "Requests", ConsoleRequestsPaths.list, listing.left)
  const page = yield* Effect.either(listingPage(operator.organization_id, listing.right))
  if (Either.isLeft(page)) return errorPage(operator, "Requests", ConsoleRequestsPaths.list, page.left)
  return consolePage({
    title: "Requests",
    operator,
    path: ConsoleRequestsPaths.list,
    body: requestsListBody(listing.right, page.right, yield* currentDate)
  })
})

export const requestsCsvRoute = Effect.gen(function*() {
  const operator = yield* requirePermission("requests.read")
  const listing = readConsoleListing(yield* search)
  if (Either.isLeft(listing)) return errorPage(operator, "Requests", ConsoleRequestsPaths.list, listing.left)
  const download = yield* Effect.either(csvDownload(operator.organization_id, listing.right, yield* currentDate))
  return Either.isLeft(download)
    ? errorPage(operator, "Requests", ConsoleRequestsPaths.list, download.left)
    : download.right
})

const requestIdParam = Effect.map(
  HttpRouter.params,
  (params) => Schema.decodeUnknownEither(RequestId)(params["id"] ?? "")
)

const requestPage = (
  operator: SignedInOperator,
  id: RequestId,
  notice?: { readonly kind: "error" | "done"; readonly text: string },
  status?: number
) =>
  Effect.gen(function*() {
    const data = yield* Effect.either(requestPageData(operator.organization_id, id))
    const path = requestUrl(id)
    if (Either.isLeft(data)) return errorPage(operator, "Request", path, data.left)
    return consolePage({
      title: "Request",
      heading: false,
      operator,
      path: ConsoleRequestsPaths.list,
      ...(status !== undefined && { status }),
      body: requestPageBody({
        ...data.right,
        now: yield* currentDate,
        csrf: csrfField(operator),
        mayChange: can(operator.role, "requests.update"),
        mayErase: can(operator.role, "requests.erase"),
        ...(notice !== undefined && { notice })
      })
    })
  })

const unknownRequest = (operator: SignedInOperator) =>
  consolePage({
    title: "Request",
    operator,
    path: ConsoleRequestsPaths.list,
    status: 404,
    body: html`<div class="notice error" role="alert"><p>There is no such request.</p></div>`
  })

export const requestPageRoute = Effect.gen(function*() {
  const operator = yield* requirePermission("requests.read")
  const id = yield* requestIdParam
  return Either.isLeft(id)
    ? unknownRequest(operator)
    : yield* requestPage(operator, id.right, doneNotice(Done, yield* search))
})

/**
 * A posted action on a request: done, back to its page (303, so a reload does not post again);
 * refused, the page again with the service's words and its status, nothing changed.
 */
const requestAction = <A, R>(
  permission: "requests.update" | "requests.erase" | "notes.create",
  act: (operator: SignedInOperator, id: RequestId, form: FormFields) => Effect.Effect<A, ApiError, R>,
  done: Done
) =>
  Effect.gen(function*() {
    const operator = yield* requirePermission(permission)
    const id = yield* requestIdParam
    if (Either.isLeft(id)) return unknownRequest(operator)
    const outcome = yield* Effect.either(act(operator, id.right, yield* formFields))
    if (Either.isRight(outcome)) return seeOther(`${requestUrl(id.right)}?done=${done}`)
    return yield* requestPage(operator, id.right, actionNotice(outcome, Done[done]), StatusOf[outcome.left._tag])
  })

export const statusActionRoute = requestAction(
  "requests.update",
  (operator, id, form) => changeStatus(operator.organization_id, id, form, actorOf(operator)),
  "status"
)

export const noteActionRoute = requestAction(
  "notes.create",
  (operator, id, form) => addNote(operator.organization_id, id, form),
  "note"
)

export const extendActionRoute = requestAction(
  "requests.update",
  (operator, id, form) => extendDeadline(operator.organization_id, id, form, actorOf(operator)),
  "extension"
)

export const eraseActionRoute = requestAction(
  "requests.erase",
  (operator, id, form) => eraseRequest(operator.organization_id, id, form, actorOf(operator)),
  "erasure"
)

/** The request's evidence record as the API's printable page, for whoever may read the request. */
export const evidencePageRoute = Effect.gen(function*() {
  const operator = yield* requirePermission("requests.read")
  const id = yield* requestIdParam
  if (Either.isLeft(id)) return unknownRequest(operator)
  const evidence = yield* Effect.either(
    Effect.flatMap(EvidenceService, (service) => service.evidence(operator.organization_id, id.right))
  )
  return Either.isRight(evidence)
    ? evidencePage(evidence.right)
    : errorPage(operator, "Evidence record", requestUrl(id.right), evidence.left)
})
