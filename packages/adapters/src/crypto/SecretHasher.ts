import { SecretHasher } from "@dsar/http"
import { type Context, Effect, Layer, Option } from "effect"
import { createHash, randomBytes, scrypt, timingSafeEqual } from "node:crypto"

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  readonly N: number
  readonly r: number
  readonly p: number
}

/** 32 MiB and tens of milliseconds per hash: slow for a guesser, bearable for a login. */
export const defaultParams: ScryptParams = { N: 2 ** 15, r: 8, p: 1 }

// Bounds on what a stored hash may ask for, so a corrupted row cannot make `verify` allocate
// gigabytes (scrypt needs 128 * N * r bytes) or spin for minutes.
const MAX_MEMORY = 256 * 2 ** 20
const MAX_P = 16
const SALT_BYTES = 16
const KEY_BYTES = 32
const MIN_HASH_BYTES = 16

const derive = (secret: string, salt: Buffer, keyLength: number, { N, r, p }: ScryptParams) =>
  Effect.async<Buffer, unknown>((resume) => {
    try {
      scrypt(
        secret,
        salt,
        keyLength,
        { N, r, p, maxmem: 256 * N * r },
        (error, key) => resume(error === null ? Effect.succeed(key) : Effect.fail(error))
      )
    } catch (error) {
      // Parameters scrypt refuses throw at once rather than reaching the callback.
      resume(Effect.fail(error))
    }
  })

const integer = (
  text: string | undefined
) => (text !== undefined && /^[1-9][0-9]*$/.test(text) ? Number(text) : Number.NaN)

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url: everything `verify` needs travels with the hash. */
const parse = (encoded: string) => {
  const [scheme, n, r, p, salt, hash, ...rest] = encoded.split("$")
  const params = { N: integer(n), r: integer(r), p: integer(p) }
  const saltBytes = Buffer.from(salt ?? "", "base64url")
  const hashBytes = Buffer.from(hash ?? "", "base64url")
  const valid = scheme === "scrypt" &&
    rest.length === 0 &&
    params.N > 1 &&
    Number.isInteger(Math.log2(params.N)) &&
    128 * params.N * params.r <= MAX_MEMORY &&
    params.p <= MAX_P &&
    saltBytes.length > 0 &&
    // An empty (or short) stored hash would compare equal to an equally short derived key.
    hashBytes.length >= MIN_HASH_BYTES
  return valid ? Option.some({ params, salt: saltBytes, hash: hashBytes }) : Option.none()
}

export const make = (params: ScryptParams = defaultParams): Context.Tag.Service<typeof SecretHasher> => ({
  hash: (secret) =>
    Effect.gen(function*() {
      const salt = randomBytes(SALT_BYTES)
      const key = yield* Effect.orDie(derive(secret, salt, KEY_BYTES, params))
      return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), key.toString("base64url")].join("$")
    }),

  verify: (secret, encoded) =>
    Option.match(parse(encoded), {
      onNone: () => Effect.succeed(false),
      onSome: ({ params, salt, hash }) =>
        derive(secret, salt, hash.length, params).pipe(
          Effect.map((key) => timingSafeEqual(key, hash)),
          // Parameters scrypt refuses come from a hash this hasher never made.
          Effect.orElseSucceed(() => false)
        )
    }),

  digest: (token) => createHash("sha256").update(token).digest("hex")
})

export const layer = Layer.succeed(SecretHasher, make())

/** With cheaper (or costlier) parameters, e.g. for tests; hashes made with any parameters still verify. */
export const layerWith = (params: ScryptParams) => Layer.succeed(SecretHasher, make(params))
