import { IdGenerator } from "@dsar/http"
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, TestClock } from "effect"
import { NodeIdGenerator } from "../../src/index.js"

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"

const withIds = <A, E>(effect: Effect.Effect<A, E, IdGenerator>) => Effect.provide(effect, NodeIdGenerator.layer)

describe("NodeIdGenerator", () => {
  it.effect("make gives the prefix, an underscore and 26 base32 digits", () =>
    withIds(
      Effect.gen(function*() {
        expect(yield* (yield* IdGenerator).make("req")).toMatch(/^req_[0-9a-hjkmnp-tv-z]{26}$/)
      })
    ))

  it.effect("make never gives the same id twice, even within one millisecond", () =>
    withIds(
      Effect.gen(function*() {
        const ids = yield* IdGenerator
        const made = yield* Effect.replicateEffect(ids.make("req"), 2000)
        expect(new Set(made).size).toBe(2000)
      })
    ))

  it.effect("an id made later sorts after one made earlier", () =>
    withIds(
      Effect.gen(function*() {
        const ids = yield* IdGenerator
        yield* TestClock.setTime(new Date("2024-03-01T09:00:00.000Z").getTime())
        const earlier = yield* ids.make("req")
        yield* TestClock.adjust("1 millis")
        const later = yield* ids.make("req")
        expect(earlier < later).toBe(true)
      })
    ))

  it.effect.prop(
    "an id's first ten digits are its creation time in milliseconds, in base32",
    [fc.integer({ min: 0, max: 2 ** 48 - 1 })],
    ([now]) =>
      withIds(
        Effect.gen(function*() {
          yield* TestClock.setTime(now)
          const digits = (yield* (yield* IdGenerator).make("req")).slice("req_".length, "req_".length + 10)
          const time = [...digits].reduce((value, digit) => value * 32 + CROCKFORD.indexOf(digit), 0)
          expect(time).toBe(now)
        })
      )
  )

  it.effect("a token is URL-safe and carries 256 random bits", () =>
    withIds(
      Effect.gen(function*() {
        const token = yield* (yield* IdGenerator).token
        expect(token).toMatch(/^[A-Za-z0-9_-]+$/)
        expect(Buffer.from(token, "base64url").length * 8).toBeGreaterThanOrEqual(128)
        expect(Buffer.from(token, "base64url").length).toBe(32)
      })
    ))

  it.effect("two tokens differ", () =>
    withIds(
      Effect.gen(function*() {
        const ids = yield* IdGenerator
        expect(yield* ids.token).not.toBe(yield* ids.token)
      })
    ))
})
