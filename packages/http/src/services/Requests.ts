import {
  type Actor,
  assembleRequest,
  assembleUser,
  BuiltInFields,
  type CreateRequest,
  decide,
  decideExtension,
  duplicateCriteria,
  type ExtendRequest,
  initialState,
  LifecycleCommand,
  type OrganizationId,
  type PatchRequest,
  possibleDuplicateOf,
  prepareRequestFields,
  recipientOf,
  type Request,
  RequestFieldId,
  RequestId,
  requestLanguage,
  requestState,
  SourceId,
  UserId,
  ValidationId,
  withRecipient
} from "@dsar/domain"
import { Effect, Either, Option } from "effect"
import { badRequestFor, Conflict, fromDomainError, notFound } from "../ApiErrors.js"
import { QueryLimits } from "../ListQuery.js"
import { IdGenerator } from "../ports/Crypto.js"
import { GroupedFields, isIndexedOrder, type RequestQuery } from "../ports/RequestQuery.js"
import { HistoryStore, RequestsStore, Transactor, UsersStore } from "../ports/Stores.js"
import { currentDate } from "../Time.js"
import { applyDecision } from "./ApplyDecision.js"
import { StaleVersion, transactWithRetry } from "./Concurrency.js"
import { issuedLinks, prepareEffects, queueEmail, runEffects } from "./EffectRunner.js"
import { recordHistory } from "./History.js"
import { OrganizationsService } from "./Organizations.js"

/** An erased request is a record kept for the law: it no longer changes. */
const erasedConflict = (id: RequestId) =>
  new Conflict({
    message: `Request ${id} was erased; it can no longer change`,
    errors: [{ path: "id", message: "was erased" }]
  })

export class RequestsService extends Effect.Service<RequestsService>()("@dsar/http/RequestsService", {
  effect: Effect.gen(function*() {
    const requests = yield* RequestsStore
    const users = yield* UsersStore
    const history = yield* HistoryStore
    const transactor = yield* Transactor
    const ids = yield* IdGenerator
    const organizations = yield* OrganizationsService

    const orNotFound = (id: RequestId, path?: string) => <A>(found: Effect.Effect<Option.Option<A>>) =>
      Effect.flatMap(
        found,
        Option.match({ onNone: () => Effect.fail(notFound("request", id, path)), onSome: Effect.succeed })
      )

    /** `path` names where the client sent the id, for a 404 that points at it. */
    const find = (organization_id: OrganizationId, id: RequestId, path?: string) =>
      orNotFound(id, path)(requests.findById(organization_id, id))

    const create = (organization_id: OrganizationId, input: CreateRequest, actor: Actor) =>
      Effect.gen(function*() {
        const organization = yield* organizations.get(organization_id)
        const at = yield* currentDate
        const given = yield* Either.mapLeft(
          prepareRequestFields(input.request_fields ?? [], BuiltInFields),
          fromDomainError
        )
        const stored = yield* users.find(organization_id, input.organization_user_id)
        const fields = withRecipient(given, {
          given: input.user?.email,
          stored: Option.getOrUndefined(Option.map(stored, (user) => user.email))
        })
        const recipient = recipientOf({ request_fields: fields })
        // Advisory: two first requests at once may both find none, and each stands alone.
        const criteria = duplicateCriteria(input)
        const earliest = yield* requests.firstCandidate({
          organization_id,
          where: {
            _tag: "And",
            conditions: [
              { _tag: "Compare", field: "organization_user_id", op: "eq", value: criteria.organization_user_id },
              { _tag: "Compare", field: "user_right_id", op: "eq", value: criteria.user_right_id },
              { _tag: "In", field: "status", values: criteria.status, negated: false }
            ]
          },
          sort: [{ field: "created_at", direction: 1 }]
        })
        const id = RequestId.make(yield* ids.make("req"))
        const requestIds = {
          source: SourceId.make(yield* ids.make("src")),
          validation: ValidationId.make(yield* ids.make("val")),
          fields: yield* Effect.forEach(fields, () => Effect.map(ids.make("rqf"), RequestFieldId.make))
        }
        const decision = yield* Either.mapLeft(
          decide(null, LifecycleCommand.Create({ request: initialState(input, id), requester_email: recipient }), at),
          fromDomainError
        )
        // The approval link's URL is part of the request (`validation.approve_url`), so it is minted first.
        const prepared = yield* prepareEffects(decision.effects, { organization, request_id: id, now: at })
        const request = assembleRequest(input, {
          state: decision.state,
          organization_id,
          now: at,
          ids: requestIds,
          fields,
          approve_url: issuedLinks(prepared)[0]?.url ?? null,
          language: requestLanguage({
            requested: input.language,
            userCountry: Option.getOrUndefined(stored)?.country ?? input.user?.country,
            sourceCountry: input.source.country,
            organizationDefault: organization.settings.default_language
          }),
          duplicate_of: possibleDuplicateOf(input, Option.toArray(earliest))
        })
        const userId = UserId.make(yield* ids.make("usr"))
        yield* transactor.withTransaction(
          Effect.gen(function*() {
            yield* users.insertIfAbsent(assembleUser(input, { organization_id, now: at, id: userId }))
            yield* requests.insert(request)
            yield* recordHistory({
              request,
              actor,
              action: "request.create",
              from_status: null,
              changes: decision.changes,
              at
            })
            yield* runEffects(prepared, { request, recipient, now: at })
          })
        ).pipe(
          // Only consuming or renewing a link can lose a compare-and-set; creating a request does neither.
          Effect.catchTag("StaleVersion", (error) => Effect.die(error))
        )
        return request
      })

    /**
     * Applies a PATCH. `onlyIf` is checked on the request as stored, each time the change is decided
     * (again): when it does not hold, nothing changes (a sweep's change that another made moot).
     */
    const update = (
      organization_id: OrganizationId,
      id: RequestId,
      patch: PatchRequest,
      actor: Actor,
      onlyIf: (request: Request) => boolean = () => true
    ) =>
      Effect.gen(function*() {
        const organization = yield* organizations.get(organization_id)
        return yield* transactWithRetry(
          Effect.gen(function*() {
            const stored = yield* find(organization_id, id)
            if (stored.value.erasure !== undefined) return yield* Effect.fail(erasedConflict(id))
            if (!onlyIf(stored.value)) return stored.value
            const at = yield* currentDate
            const decision = yield* Either.mapLeft(
              decide(requestState(stored.value), LifecycleCommand.Patch({ patch }), at),
              fromDomainError
            )
            if (decision.changes.length === 0) return stored.value
            const applied = yield* applyDecision({
              organization,
              stored,
              decision,
              actor,
              action: "request.update",
              at
            })
            return applied.request
          })
        )
      })

    /**
     * Extends the request's deadline with a reason (decision 0015): decided by the domain on the
     * request and its earlier extensions (its `request.extend` history entries), then, in one
     * transaction, the new `expires_at` by compare-and-set, a `request.extend` history entry by
     * `actor` with the reason, and the notice to the requester with the new date and the reason.
     */
    const extend = (organization_id: OrganizationId, id: RequestId, input: ExtendRequest, actor: Actor) =>
      transactWithRetry(
        Effect.gen(function*() {
          const stored = yield* find(organization_id, id)
          const current = stored.value
          if (current.erasure !== undefined) return yield* Effect.fail(erasedConflict(id))
          const at = yield* currentDate
          const earlier = (yield* history.listByRequest(organization_id, id)).flatMap((entry) =>
            entry.action === "request.extend"
              ? entry.changes.filter((change) => change.field === "expires_at").map((change) => ({
                from: new Date(String(change.from))
              }))
              : []
          )
          const decision = yield* Either.mapLeft(decideExtension(current, earlier, input, at), fromDomainError)
          const request: Request = { ...current, expires_at: decision.to, updated_at: at }
          if (!(yield* requests.update(request, stored.version))) return yield* Effect.fail(new StaleVersion())
          yield* recordHistory({
            request,
            actor,
            action: "request.extend",
            from_status: current.status,
            changes: [{ field: "expires_at", from: decision.from.toISOString(), to: decision.to.toISOString() }],
            reason: input.reason,
            at
          })
          const recipient = recipientOf(request)
          if (recipient !== null) {
            yield* queueEmail("extension_notice", request, recipient, at, {
              deadline: decision.to.toISOString(),
              reason: input.reason
            })
          }
          return request
        })
      )

    // An order no index gives sorts every match in the store, in the event loop on SQLite: the
    // listing's size is asked first (the kept counts or an index count), and a large one refused.
    const sortable = (query: RequestQuery) =>
      isIndexedOrder(query) ? Effect.void : Effect.flatMap(
        requests.list({ ...query, limit: 0, skip: 0 }),
        ({ total }) =>
          total <= QueryLimits.sorted ? Effect.void : Effect.fail(badRequestFor([{
            path: "$sort",
            message:
              `has no index in this order, so it may sort at most ${QueryLimits.sorted} requests and these filters match ${total}; ` +
              `sort on one field, or on one of ${
                GroupedFields.join(", ")
              } then created_at in one direction, or narrow the filters`
          }]))
      )
    const list = (query: RequestQuery) => Effect.zipRight(sortable(query), requests.list(query))
    const listJson = (query: RequestQuery) => Effect.zipRight(sortable(query), requests.listJson(query))
    const getJson = (organization_id: OrganizationId, id: RequestId) =>
      orNotFound(id)(requests.findJson(organization_id, id))

    const historyOf = (organization_id: OrganizationId, id: RequestId) =>
      Effect.zipRight(find(organization_id, id), history.listByRequest(organization_id, id))

    return {
      create,
      get: (organization_id: OrganizationId, id: RequestId) => Effect.map(find(organization_id, id), (s) => s.value),
      update,
      extend,
      list,
      listJson,
      sortable,
      getJson,
      history: historyOf,
      find
    } as const
  })
}) {}
