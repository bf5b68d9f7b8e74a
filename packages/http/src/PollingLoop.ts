import type { Duration } from "effect"
import { Effect } from "effect"

/**
 * A delivery worker's loop: passes forever, at once again after a full batch, else after
 * `pollInterval`. A pass that fails (storage unreachable, say) is logged and tried again after
 * `pollInterval`; the loop itself never fails. Interrupt it to stop it.
 */
export const pollForever = <R>(
  pass: Effect.Effect<number, unknown, R>,
  config: {
    readonly batchSize: number
    readonly pollInterval: Duration.DurationInput
    readonly failure: string
    readonly component: string
  }
): Effect.Effect<never, never, R> => {
  const once = pass.pipe(Effect.catchAllCause((cause) => Effect.as(Effect.logError(config.failure, cause), 0)))
  return Effect.forever(
    Effect.flatMap(once, (due) => (due >= config.batchSize ? Effect.yieldNow() : Effect.sleep(config.pollInterval)))
  ).pipe(Effect.annotateLogs({ component: config.component }))
}
