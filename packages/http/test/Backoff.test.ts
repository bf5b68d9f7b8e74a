import { Duration, Effect, Random } from "effect"
import { describe, expect, it } from "vitest"
import { defaultBackoff, nominalDelay, retryDelay } from "../src/email/OutboxWorker.js"

describe("the outbox worker's backoff", () => {
  it("doubles from 1 s after each failure and stays at 5 min", () => {
    const seconds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 50, 10_000].map((failures) =>
      Duration.toSeconds(nominalDelay(defaultBackoff, failures))
    )
    expect(seconds).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300, 300])
  })

  it("shortens each delay at random by at most the jitter, never lengthens it", () => {
    const delays = Effect.runSync(
      Effect.forEach(
        Array.from({ length: 200 }, (_, i) => (i % 12) + 1),
        (failures) =>
          Effect.map(
            retryDelay(defaultBackoff, failures),
            (delay) => ({
              delay: Duration.toMillis(delay),
              nominal: Duration.toMillis(nominalDelay(defaultBackoff, failures))
            })
          )
      ).pipe(Effect.withRandom(Random.make("seed")))
    )
    for (const { delay, nominal } of delays) {
      expect(delay).toBeLessThanOrEqual(nominal)
      expect(delay).toBeGreaterThanOrEqual(nominal * 0.8)
    }
    // Jitter spreads messages that failed together.
    expect(new Set(delays.filter(({ nominal }) => nominal === 300_000).map(({ delay }) => delay)).size).toBeGreaterThan(
      5
    )
  })

  it("without jitter, the delay is the nominal one", () => {
    const policy = { initial: "100 millis", max: "1 second", jitter: 0 } as const
    expect(Effect.runSync(retryDelay(policy, 3))).toEqual(Duration.millis(400))
    expect(Effect.runSync(retryDelay(policy, 5))).toEqual(Duration.millis(1000))
  })
})
