import {
  type Actor,
  allowedTargets,
  CreateNote,
  decodeInput,
  decodePatchRequest,
  ExtendRequest,
  type OrganizationId,
  type PatchRequest,
  type Request,
  type RequestId,
  type Status,
  userRight
} from "@dsar/domain"
import { Effect, Either } from "effect"
import { type ApiError, badRequestFor, fromDomainError } from "../ApiErrors.js"
import { ErasureService } from "../services/Erasure.js"
import { NotesService } from "../services/Notes.js"
import { RequestsService } from "../services/Requests.js"

// What the request page's forms post, read into the very inputs the API's endpoints take, then
// given to the same services with the operator as the actor. A form field left empty is absent.

/** A posted form's fields; a repeated field keeps its last value. */
export type FormFields = Readonly<Record<string, string>>

const given = (form: FormFields, name: string) => {
  const value = form[name]?.trim()
  return value === undefined || value === "" ? undefined : value
}

/** Whether fulfilling the request may carry a download link: a right whose kind is access. */
export const takesDownloadLink = (request: Pick<Request, "user_right_id">): boolean =>
  userRight(request.user_right_id).kind === "access"

/**
 * The PATCH a status form asks for: the status; with `refused`, the refusal's reason and details;
 * with `fulfilled`, the download link added to the request's message variables.
 */
export const statusPatch = (request: Request, form: FormFields): Either.Either<PatchRequest, ApiError> => {
  const status = given(form, "status")
  const link = given(form, "download_link")
  const reason = given(form, "reason")
  const details = given(form, "details")
  const body = {
    status,
    ...(status === "refused" && {
      refusal: { ...(reason === undefined ? {} : { reason }), ...(details === undefined ? {} : { details }) }
    }),
    ...(status === "fulfilled" && link !== undefined &&
      { extra_message_variables: { ...request.extra_message_variables, download_link: link } })
  }
  if (status === undefined) return Either.left(badRequestFor([{ path: "status", message: "is required" }]))
  return Either.mapLeft(decodePatchRequest(body), fromDomainError)
}

/** The note a note form adds. */
export const noteInput = (request_id: RequestId, form: FormFields): Either.Either<CreateNote, ApiError> =>
  Either.mapLeft(decodeInput(CreateNote)({ request_id, value: form.value ?? "" }), fromDomainError)

/** The extension an extension form asks for; no date: the latest the right allows. */
export const extensionInput = (form: FormFields): Either.Either<ExtendRequest, ApiError> => {
  const to = given(form, "expires_at")
  return Either.mapLeft(
    decodeInput(ExtendRequest)({ reason: form.reason ?? "", ...(to === undefined ? {} : { expires_at: to }) }),
    fromDomainError
  )
}

/** The statuses the page offers buttons for: those the lifecycle machine allows from the current one. */
export const offeredStatuses = (request: Pick<Request, "status" | "erasure">): ReadonlyArray<Status> =>
  request.erasure === undefined ? allowedTargets(request.status) : []

/** Changes the request's status as its form asks, through `RequestsService.update`. */
export const changeStatus = (organization_id: OrganizationId, id: RequestId, form: FormFields, actor: Actor) =>
  Effect.gen(function*() {
    const requests = yield* RequestsService
    const request = yield* requests.get(organization_id, id)
    const patch = yield* statusPatch(request, form)
    return yield* requests.update(organization_id, id, patch, actor)
  })

/** Adds the form's note, through `NotesService`. */
export const addNote = (organization_id: OrganizationId, id: RequestId, form: FormFields) =>
  Effect.flatMap(
    NotesService,
    (notes) => Effect.flatMap(noteInput(id, form), (input) => notes.create(organization_id, input))
  )

/** Extends the deadline as the form asks, through `RequestsService.extend`. */
export const extendDeadline = (organization_id: OrganizationId, id: RequestId, form: FormFields, actor: Actor) =>
  Effect.flatMap(
    RequestsService,
    (requests) => Effect.flatMap(extensionInput(form), (input) => requests.extend(organization_id, id, input, actor))
  )

/**
 * Erases the request's personal data, through `ErasureService` (the API's `DELETE`), once the form
 * says the operator understands it cannot be undone.
 */
export const eraseRequest = (organization_id: OrganizationId, id: RequestId, form: FormFields, actor: Actor) =>
  given(form, "confirm") === "yes"
    ? Effect.flatMap(ErasureService, (erasure) => erasure.erase(organization_id, id, actor))
    : Effect.fail(badRequestFor([{ path: "confirm", message: "must be ticked: an erasure cannot be undone" }]))

/** What the request page shows of a request: the request, its timeline and its notes, read through the API's services. */
export const requestPageData = (organization_id: OrganizationId, id: RequestId) =>
  Effect.gen(function*() {
    const requests = yield* RequestsService
    const notes = yield* NotesService
    const request = yield* requests.get(organization_id, id)
    return {
      request,
      history: yield* requests.history(organization_id, id),
      notes: yield* notes.list(organization_id, id)
    }
  })

/**
 * How the outcome of a posted action reads on the page: the service's refusal in its own words
 * (the API's message, naming what is wrong), or what was done.
 */
export const actionNotice = <A>(
  outcome: Either.Either<A, ApiError>,
  done: string
): { readonly kind: "error" | "done"; readonly text: string } =>
  Either.match(outcome, {
    onLeft: (error) => ({ kind: "error", text: error.message }),
    onRight: () => ({ kind: "done", text: done })
  })
