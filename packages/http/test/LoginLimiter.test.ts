import { Deferred, Duration, Effect, Either, Fiber, TestClock, TestContext } from "effect"
import { describe, expect, it } from "vitest"
import { type LoginLimits, LoginThrottled, makeLoginLimiter } from "../src/services/LoginLimiter.js"

// The limiter in front of the secret check: a refused login never reaches the check (the scrypt),
// the number of checks waiting is bounded, and a login that succeeds gives its place back.

const limits: LoginLimits = { perAddress: 3, perKey: 2, window: Duration.minutes(1), hashing: 1, queue: 1 }

/** A check that counts how often it ran (how many secrets were hashed) and answers `valid`. */
const counted = () => {
  let runs = 0
  return { runs: () => runs, check: (valid: boolean) => Effect.sync(() => (runs++, valid)) }
}

const isValid = (valid: boolean) => valid

// On the TestClock, so that a window ends when the test says.
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(Effect.provide(effect, TestContext.TestContext))

describe("the login limiter", () => {
  it("failures for one key over its limit are refused without running the check, until the window ends", () =>
    run(Effect.gen(function*() {
      const limiter = yield* makeLoginLimiter(limits)
      const hashed = counted()
      const attempt = (address: string, valid: boolean) =>
        Effect.either(limiter.guard(address, "key_a", hashed.check(valid), isValid))
      expect(yield* attempt("10.0.0.1", false)).toEqual(Either.right(false))
      expect(yield* attempt("10.0.0.2", false)).toEqual(Either.right(false))
      const refused = yield* attempt("10.0.0.3", true)
      expect(Either.getLeft(refused).pipe((left) => left._tag === "Some" && left.value instanceof LoginThrottled)).toBe(
        true
      )
      expect(Either.getLeft(refused).pipe((left) => left._tag === "Some" ? left.value.retryAfterSeconds : 0)).toBe(60)
      expect(hashed.runs()).toBe(2)
      yield* TestClock.adjust(limits.window)
      expect(yield* attempt("10.0.0.3", true)).toEqual(Either.right(true))
    })))

  it("failures from one address over its limit are refused; successes do not count", () =>
    run(Effect.gen(function*() {
      const limiter = yield* makeLoginLimiter(limits)
      const hashed = counted()
      const attempt = (key: string, valid: boolean) =>
        Effect.either(limiter.guard("10.0.0.9", key, hashed.check(valid), isValid))
      for (let i = 0; i < 5; i++) expect(yield* attempt(`key_ok`, true)).toEqual(Either.right(true))
      for (const key of ["key_1", "key_2", "key_3"]) expect(yield* attempt(key, false)).toEqual(Either.right(false))
      expect(Either.isLeft(yield* attempt("key_4", true))).toBe(true)
      expect(hashed.runs()).toBe(8)
    })))

  it("checks beyond the hashing slots and the queue are refused at once, and one address cannot fill the queue", () =>
    run(Effect.gen(function*() {
      const limiter = yield* makeLoginLimiter({ ...limits, perAddress: 100, perKey: 100 })
      const release = yield* Deferred.make<void>()
      const slow = Effect.as(Deferred.await(release), true)
      const running = yield* Effect.fork(limiter.guard("10.0.0.1", "key_1", slow, isValid))
      const waiting = yield* Effect.fork(limiter.guard("10.0.0.2", "key_2", slow, isValid))
      yield* Effect.yieldNow()
      // Two slots (one hashing, one waiting) are taken: a third login is refused without waiting.
      const third = yield* Effect.either(limiter.guard("10.0.0.3", "key_3", slow, isValid))
      expect(Either.isLeft(third)).toBe(true)
      yield* Deferred.succeed(release, undefined)
      expect(yield* Fiber.join(running)).toBe(true)
      expect(yield* Fiber.join(waiting)).toBe(true)

      const one = yield* makeLoginLimiter({ ...limits, perAddress: 100, perKey: 100, queue: 10 })
      const hold = yield* Deferred.make<void>()
      const held = Effect.as(Deferred.await(hold), false)
      const pending = yield* Effect.fork(one.guard("10.0.0.7", "key_1", held, isValid))
      yield* Effect.yieldNow()
      // One login of an address is being checked: its next is refused, another address's is not.
      expect(Either.isLeft(yield* Effect.either(one.guard("10.0.0.7", "key_2", held, isValid)))).toBe(true)
      const elsewhere = yield* Effect.fork(one.guard("10.0.0.8", "key_3", held, isValid))
      yield* Deferred.succeed(hold, undefined)
      yield* Fiber.join(pending)
      yield* Fiber.join(elsewhere)
    })))
})
