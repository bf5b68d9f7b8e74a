import type { OrganizationId, RequestId } from "@dsar/domain"
import { Effect } from "effect"
import { makeEvidence } from "../Evidence.js"
import { HistoryDigest } from "../ports/Crypto.js"
import { Outbox } from "../ports/Outbox.js"
import { HistoryStore } from "../ports/Stores.js"
import { currentDate } from "../Time.js"
import { verifyHistory } from "./History.js"
import { RequestsService } from "./Requests.js"

/** One request's record for an auditor: `GET /dsar/requests/{id}/evidence`. */
export class EvidenceService extends Effect.Service<EvidenceService>()("@dsar/http/EvidenceService", {
  effect: Effect.gen(function*() {
    const requests = yield* RequestsService
    const history = yield* HistoryStore
    const outbox = yield* Outbox
    const digest = yield* HistoryDigest

    /** 404 for a request the organisation does not have. */
    const evidence = (organization_id: OrganizationId, id: RequestId) =>
      Effect.gen(function*() {
        const request = (yield* requests.find(organization_id, id)).value
        return makeEvidence({
          now: yield* currentDate,
          request,
          history: yield* history.listByRequest(organization_id, id),
          emails: yield* outbox.listByRequest(organization_id, id),
          chain: yield* verifyHistory(organization_id)
        })
      }).pipe(Effect.provideService(HistoryStore, history), Effect.provideService(HistoryDigest, digest))

    return { evidence } as const
  })
}) {}
