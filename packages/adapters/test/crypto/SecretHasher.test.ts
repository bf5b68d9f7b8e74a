import { SecretHasher } from "@dsar/http"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { ScryptSecretHasher } from "../../src/index.js"

const SALT = Buffer.alloc(16, 1).toString("base64url")
const HASH = Buffer.alloc(32, 2).toString("base64url")

// Cheap parameters keep the suite fast; one test runs the defaults.
const withHasher = <A, E>(effect: Effect.Effect<A, E, SecretHasher>) =>
  Effect.provide(effect, ScryptSecretHasher.layerWith({ N: 1024, r: 8, p: 1 }))

describe("ScryptSecretHasher", () => {
  it.effect("a hash made with the default parameters verifies its secret", () =>
    Effect.gen(function*() {
      const hasher = yield* SecretHasher
      const hash = yield* hasher.hash("correct horse battery staple")
      expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/)
      expect(yield* hasher.verify("correct horse battery staple", hash)).toBe(true)
    }).pipe(Effect.provide(ScryptSecretHasher.layer)))

  it.effect("a wrong secret does not verify", () =>
    withHasher(
      Effect.gen(function*() {
        const hasher = yield* SecretHasher
        const hash = yield* hasher.hash("s3cret")
        expect(yield* hasher.verify("s3cret!", hash)).toBe(false)
        expect(yield* hasher.verify("", hash)).toBe(false)
      })
    ))

  it.effect("two hashes of one secret differ (a salt each) and both verify", () =>
    withHasher(
      Effect.gen(function*() {
        const hasher = yield* SecretHasher
        const first = yield* hasher.hash("s3cret")
        const second = yield* hasher.hash("s3cret")
        expect(first).not.toBe(second)
        expect(yield* hasher.verify("s3cret", first)).toBe(true)
        expect(yield* hasher.verify("s3cret", second)).toBe(true)
      })
    ))

  it.effect("a hash made with other parameters still verifies: they travel with it", () =>
    Effect.gen(function*() {
      const hash = yield* Effect.provide(
        Effect.flatMap(SecretHasher, (hasher) => hasher.hash("s3cret")),
        ScryptSecretHasher.layerWith({ N: 2048, r: 4, p: 2 })
      )
      expect(yield* withHasher(Effect.flatMap(SecretHasher, (hasher) => hasher.verify("s3cret", hash)))).toBe(true)
    }))

  it.effect.each([
    ["empty", ""],
    ["another scheme", `bcrypt$10$${SALT}$${HASH}`],
    ["missing parts", `scrypt$1024$8$1$${SALT}`],
    ["extra parts", `scrypt$1024$8$1$${SALT}$${HASH}$more`],
    ["an empty hash", `scrypt$1024$8$1$${SALT}$`],
    ["a hash of no valid digits", `scrypt$1024$8$1$${SALT}$!!!!`],
    ["N not a power of two", `scrypt$1000$8$1$${SALT}$${HASH}`],
    ["a non-numeric cost", `scrypt$abc$8$1$${SALT}$${HASH}`],
    ["memory beyond the bound", `scrypt$1048576$8$1$${SALT}$${HASH}`],
    ["parallelism beyond the bound", `scrypt$1024$8$17$${SALT}$${HASH}`],
    ["N too large for r, which scrypt refuses", `scrypt$131072$1$1$${SALT}$${HASH}`]
  ])("a malformed hash (%s) verifies nothing", ([, hash]) =>
    withHasher(
      Effect.gen(function*() {
        expect(yield* (yield* SecretHasher).verify("s3cret", hash)).toBe(false)
      })
    ))

  it.effect("digest is the SHA-256 of the token, in hex", () =>
    withHasher(
      Effect.gen(function*() {
        const hasher = yield* SecretHasher
        expect(hasher.digest("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
      })
    ))
})
