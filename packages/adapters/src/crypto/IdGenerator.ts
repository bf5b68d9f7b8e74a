import { IdGenerator } from "@dsar/http"
import { Clock, Effect, Layer } from "effect"
import { randomBytes } from "node:crypto"

// Crockford's base32, lower-cased: its digits sort in the same order as the values they encode.
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
const TIME_BYTES = 6
const RANDOM_BYTES = 10

/** 128 bits as 26 base32 digits, most significant first. */
const base32 = (bytes: Uint8Array): string => {
  let value = bytes.reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n)
  let digits = ""
  for (let i = 0; i < 26; i++) {
    digits = ALPHABET[Number(value & 31n)] + digits
    value >>= 5n
  }
  return digits
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
    bytes.set(randomBytes(RANDOM_BYTES), TIME_BYTES)
    return `${prefix}_${base32(bytes)}`
  })

/** 256 random bits, base64url. */
export const token = Effect.sync(() => randomBytes(32).toString("base64url"))

export const layer = Layer.succeed(IdGenerator, { make, token })
