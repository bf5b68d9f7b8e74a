import { Data, Effect, Schedule } from "effect"
import { Conflict } from "../ApiErrors.js"
import { Transactor } from "../ports/Stores.js"

/**
 * A compare-and-set lost: another change (to the request, or to the link being consumed or
 * renewed) landed between our read and our write. The transaction rolls back and the caller
 * decides again on what is stored now.
 */
export class StaleVersion extends Data.TaggedError("StaleVersion") {}

/** How many times a change is decided again after losing a compare-and-set, before a 409. */
const RETRIES = 5

const keptChanging = new Conflict({
  message: "The request kept changing; try again",
  errors: [{ path: "id", message: "concurrent changes" }]
})

/**
 * Runs a read-decide-write `attempt` as one transaction. When one of its compare-and-sets loses,
 * everything it wrote rolls back and it runs again from the read, on what is stored now; after
 * a few losses in a row it gives up with a 409.
 */
export const transactWithRetry = <A, E, R>(attempt: Effect.Effect<A, E | StaleVersion, R>) =>
  Effect.flatMap(Transactor, (transactor) => transactor.withTransaction(attempt)).pipe(
    Effect.retry({ while: (error) => error instanceof StaleVersion, schedule: Schedule.recurs(RETRIES) }),
    Effect.catchIf(
      (error): error is StaleVersion => error instanceof StaleVersion,
      () => Effect.fail(keptChanging)
    )
  )
