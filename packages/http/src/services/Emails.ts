import { type Actor, type OrganizationId, type RequestId } from "@dsar/domain"
import { Effect, Option } from "effect"
import { Conflict, notFound } from "../ApiErrors.js"
import { Outbox, type QueuedMessage } from "../ports/Outbox.js"
import { RequestsStore } from "../ports/Stores.js"
import { currentDate } from "../Time.js"
import { StaleVersion, transactWithRetry } from "./Concurrency.js"
import { recordHistory } from "./History.js"
import { RequestsService } from "./Requests.js"

/** Who gives an email up in a request's history: the delivery worker. */
export const OutboxActor: Actor = { type: "system", id: "outbox" }

/**
 * Marks a sent message delivered and, for an approval email, removes the approval URL it carried
 * from the request (`validation.approve_url`), in one transaction: once the email is out, only the
 * link's digest stays at rest (decision 0012). The URL is removed only while it is still the one
 * this email carried.
 */
export const recordDelivered = (message: QueuedMessage, at: Date) =>
  Effect.gen(function*() {
    const outbox = yield* Outbox
    const url = message.variables.url
    // Any other email changes nothing but itself: one statement, which needs no transaction around it.
    if (message.kind !== "approval" || url === undefined) return yield* outbox.markDelivered(message.id, at)
    const requests = yield* RequestsStore
    const deliverAndForget = Effect.gen(function*() {
      yield* outbox.markDelivered(message.id, at)
      if (!(yield* requests.forgetApprovalUrl(message.organization_id, message.request_id, url))) {
        return yield* Effect.fail(new StaleVersion())
      }
    })
    // A request that kept changing keeps its URL a while longer (until it leaves `unverified`);
    // the email itself is delivered and must not be sent again.
    yield* transactWithRetry(deliverAndForget).pipe(
      Effect.catchTag("Conflict", () => outbox.markDelivered(message.id, at))
    )
  })

/**
 * Gives a message up after its last failed attempt, and says so in its request's history
 * (`email.failed`, by the delivery worker), in one transaction.
 */
export const recordUndeliverable = (message: QueuedMessage, failure: { readonly at: Date; readonly error: string }) =>
  transactWithRetry(
    Effect.gen(function*() {
      yield* (yield* Outbox).markUndeliverable(message.id, failure)
      const stored = yield* (yield* RequestsStore).findById(message.organization_id, message.request_id)
      if (Option.isNone(stored)) return
      const request = stored.value.value
      yield* recordHistory({
        request,
        actor: OutboxActor,
        action: "email.failed",
        from_status: request.status,
        changes: [],
        at: failure.at
      })
    })
  ).pipe(Effect.catchTag("Conflict", (error) => Effect.die(error)))

/** A request's emails, as the API shows them (`GET /dsar/requests/{id}/emails`), and retrying the failed ones. */
export class EmailsService extends Effect.Service<EmailsService>()("@dsar/http/EmailsService", {
  effect: Effect.gen(function*() {
    const requests = yield* RequestsService
    const outbox = yield* Outbox

    /** The request's emails, oldest first: kind, state, attempts, last error; never the recipient or content. */
    const list = (organization_id: OrganizationId, id: RequestId) =>
      Effect.zipRight(requests.find(organization_id, id), outbox.listByRequest(organization_id, id))

    /**
     * Queues a failed email of the request again, due at once, with an `email.retry` history
     * entry by `actor`; answers the email as it now is. 404 for an email the request does not
     * have, 409 for one that is not failed (pending ones are tried already, delivered ones are out).
     */
    const retry = (organization_id: OrganizationId, id: RequestId, message_id: string, actor: Actor) =>
      transactWithRetry(
        Effect.gen(function*() {
          const request = (yield* requests.find(organization_id, id)).value
          const email = (yield* outbox.listByRequest(organization_id, id)).find((each) => each.id === message_id)
          if (email === undefined) return yield* Effect.fail(notFound("email", message_id, "message_id"))
          if (email.state !== "failed") {
            return yield* Effect.fail(
              new Conflict({
                message: `Email ${message_id} is ${email.state}; only a failed email can be retried`,
                errors: [{ path: "message_id", message: `is ${email.state}` }]
              })
            )
          }
          const at = yield* currentDate
          if (!(yield* outbox.retry(organization_id, id, message_id, at))) return yield* Effect.fail(new StaleVersion())
          yield* recordHistory({ request, actor, action: "email.retry", from_status: request.status, changes: [], at })
          return { ...email, state: "pending" as const, attempts: 0, failed_at: null }
        })
      )

    return { list, retry } as const
  })
}) {}
