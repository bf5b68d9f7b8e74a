import { IdGenerator } from "@dsar/http"
import { Clock, Effect, Layer } from "effect"
import { randomBytes, randomFillSync } from "node:crypto"

// Crockford's base32, lower-cased: its digits sort in the same order as the values they encode.
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
const TIME_BYTES = 6
const RANDOM_BYTES = 10

/** 128 bits as 26 base32 digits, most significant first: five bits at a time from the last byte. */
const base32 = (bytes: Uint8Array): string => {
  let digits = ""
  let pending = 0
  let bits = 0
  for (let i = bytes.length - 1; i >= 0; i--) {
    pending |= bytes[i]! << bits
    bits += 8
    for (; bits >= 5; bits -= 5, pending >>>= 5) digits = ALPHABET[pending & 31] + digits
  }
  return ALPHABET[pending & 31] + digits
}

// One call for randomness per id was most of an id's cost (a create makes half a dozen ids): the
// random bits come from a pool filled a few hundred ids at a time, each byte used once.
const POOL_BYTES = 4096
let pool = new Uint8Array(0)
let used = 0
const randomInto = (target: Uint8Array, at: number, count: number) => {
  if (used + count > pool.length) {
    pool = randomFillSync(new Uint8Array(POOL_BYTES))
    used = 0
  }
  target.set(pool.subarray(used, used + count), at)
  used += count
}

/**
 * Identifiers that start with their creation time (milliseconds, 48 bits) followed by 80 random
 * bits, like a ULID: ids sort by creation, so the `id` tie-break of a list follows creation order
 * and index inserts stay local.
 */
export const make = (prefix: string) =>
  Effect.map(Clock.currentTimeMillis, (now) => {
    const bytes = new Uint8Array(TIME_BYTES + RANDOM_BYTES)
    new DataView(bytes.buffer).setUint16(0, Math.floor(now / 2 ** 32))
    new DataView(bytes.buffer).setUint32(2, now % 2 ** 32)
    randomInto(bytes, TIME_BYTES, RANDOM_BYTES)
    return `${prefix}_${base32(bytes)}`
  })

/** 256 random bits, base64url. */
export const token = Effect.sync(() => randomBytes(32).toString("base64url"))

export const layer = Layer.succeed(IdGenerator, { make, token })
