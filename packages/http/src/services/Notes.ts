import { type CreateNote, NoteId, type OrganizationId, type RequestId } from "@dsar/domain"
import { Effect } from "effect"
import { IdGenerator } from "../ports/Crypto.js"
import { NotesStore } from "../ports/Stores.js"
import { currentDate } from "../Time.js"
import { RequestsService } from "./Requests.js"

export class NotesService extends Effect.Service<NotesService>()("@dsar/http/NotesService", {
  effect: Effect.gen(function*() {
    const notes = yield* NotesStore
    const requests = yield* RequestsService
    const ids = yield* IdGenerator

    const create = (organization_id: OrganizationId, input: CreateNote) =>
      Effect.gen(function*() {
        yield* requests.find(organization_id, input.request_id, "request_id")
        const at = yield* currentDate
        const note = {
          id: NoteId.make(yield* ids.make("note")),
          created_at: at,
          updated_at: at,
          organization_id,
          request_id: input.request_id,
          value: input.value
        }
        yield* notes.insert(note)
        return note
      })

    const list = (organization_id: OrganizationId, request_id: RequestId) =>
      Effect.zipRight(
        requests.find(organization_id, request_id, "request_id"),
        notes.listByRequest(organization_id, request_id)
      )

    return { create, list } as const
  })
}) {}
