import {
  type Actor,
  assembleRequest,
  assembleUser,
  BuiltInFields,
  type CreateRequest,
  decide,
  LifecycleCommand,
  type OrganizationId,
  type PatchRequest,
  prepareRequestFields,
  RequestFieldId,
  RequestId,
  requesterEmail,
  type RequestState,
  SourceId,
  UserId,
  ValidationId
} from "@dsar/domain"
import { Clock, Effect, Either, Option } from "effect"
import { fromDomainError, notFound } from "../ApiErrors.js"
import { IdGenerator } from "../ports/Crypto.js"
import { HistoryStore, RequestsStore, type RequestQuery, Transactor, UsersStore } from "../ports/Stores.js"
import { transactWithRetry } from "./Concurrency.js"
import { applyDecision, stateOf } from "./Decisions.js"
import { prepareLink, runEffects, writeLink } from "./EffectRunner.js"
import { recordHistory } from "./History.js"
import { OrganizationsService } from "./Organizations.js"

const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms))

export class RequestsService extends Effect.Service<RequestsService>()("@dsar/http/RequestsService", {
  effect: Effect.gen(function* () {
    const requests = yield* RequestsStore
    const users = yield* UsersStore
    const history = yield* HistoryStore
    const transactor = yield* Transactor
    const ids = yield* IdGenerator
    const organizations = yield* OrganizationsService

    const orNotFound =
      (id: RequestId) =>
      <A>(found: Effect.Effect<Option.Option<A>>) =>
        Effect.flatMap(found, Option.match({ onNone: () => Effect.fail(notFound("request", id)), onSome: Effect.succeed }))

    const find = (organization_id: OrganizationId, id: RequestId) => orNotFound(id)(requests.findById(organization_id, id))

    const create = (organization_id: OrganizationId, input: CreateRequest, actor: Actor) =>
      Effect.gen(function* () {
        const organization = yield* organizations.get(organization_id)
        const at = yield* now
        const fields = yield* Either.mapLeft(prepareRequestFields(input.request_fields ?? [], BuiltInFields), fromDomainError)
        const recipient = requesterEmail(fields, input.user) ?? null
        const requestIds = {
          request: RequestId.make(yield* ids.make("req")),
          source: SourceId.make(yield* ids.make("src")),
          validation: ValidationId.make(yield* ids.make("val")),
          fields: yield* Effect.forEach(fields, () => Effect.map(ids.make("rqf"), RequestFieldId.make))
        }
        const initial: RequestState = {
          id: requestIds.request,
          status: input.status,
          metadata: input.metadata ?? {},
          extra_message_variables: input.extra_message_variables ?? {}
        }
        const decision = yield* Either.mapLeft(
          decide(null, LifecycleCommand.Create({ request: initial, requester_email: recipient }), at),
          fromDomainError
        )
        // The approval link's URL is part of the request (`validation.approve_url`), so it is minted first.
        const approvals = yield* Effect.forEach(
          decision.effects.filter((effect) => effect._tag === "IssueLink"),
          (effect) => Effect.map(prepareLink(effect, { organization, request_id: requestIds.request, now: at }), (link) => ({ link, effect }))
        )
        const request = assembleRequest(input, {
          organization_id,
          now: at,
          ids: requestIds,
          fields,
          approve_url: approvals[0]?.link.url ?? null
        })
        const userId = UserId.make(yield* ids.make("usr"))
        yield* transactor.withTransaction(
          Effect.gen(function* () {
            if (Option.isNone(yield* users.find(organization_id, input.organization_user_id))) {
              yield* users.insert(assembleUser(input, { organization_id, now: at, id: userId }))
            }
            yield* requests.insert(request)
            yield* recordHistory({ request, actor, action: "request.create", from_status: null, changes: decision.changes, at })
            for (const { link, effect } of approvals) yield* writeLink(link, effect.email, { request, recipient, now: at })
            yield* runEffects(decision.effects.filter((effect) => effect._tag !== "IssueLink"), { organization, request, recipient, now: at })
          })
        ).pipe(
          // Only consuming or renewing a link can lose a compare-and-set; creating a request does neither.
          Effect.catchTag("StaleVersion", (error) => Effect.die(error))
        )
        return request
      })

    const update = (organization_id: OrganizationId, id: RequestId, patch: PatchRequest, actor: Actor) =>
      Effect.gen(function* () {
        const organization = yield* organizations.get(organization_id)
        return yield* transactWithRetry(
          Effect.gen(function* () {
            const stored = yield* find(organization_id, id)
            const at = yield* now
            const decision = yield* Either.mapLeft(decide(stateOf(stored.value), LifecycleCommand.Patch({ patch }), at), fromDomainError)
            if (decision.changes.length === 0) return stored.value
            const applied = yield* applyDecision({ organization, stored, decision, actor, action: "request.update", at })
            return applied.request
          })
        )
      })

    const list = (query: RequestQuery) => requests.list(query)
    const listJson = (query: RequestQuery) => requests.listJson(query)
    const getJson = (organization_id: OrganizationId, id: RequestId) => orNotFound(id)(requests.findJson(organization_id, id))

    const historyOf = (organization_id: OrganizationId, id: RequestId) =>
      Effect.zipRight(find(organization_id, id), history.listByRequest(organization_id, id))

    return { create, get: (organization_id: OrganizationId, id: RequestId) => Effect.map(find(organization_id, id), (s) => s.value), update, list, listJson, getJson, history: historyOf, find } as const
  })
}) {}
