import { Outbox, type OutboxMessage } from "@dsar/http"
import { Effect } from "effect"

// Later than any instant a test reaches, and still ISO-8601 text that sorts as it should.
const END_OF_TIME = new Date("9999-12-31T23:59:59.999Z")

/**
 * The messages not delivered yet, due or not, oldest first, at most `limit`: what the delivery
 * worker would find once every retry delay has passed.
 */
export const undelivered = (limit: number): Effect.Effect<ReadonlyArray<OutboxMessage>, never, Outbox> =>
  Effect.flatMap(Outbox, (outbox) => outbox.due(END_OF_TIME, limit)).pipe(
    Effect.map((queued) =>
      queued.map(({ attempts: _a, next_attempt_at: _n, last_attempt_at: _l, last_error: _e, ...message }) => message)
    )
  )
