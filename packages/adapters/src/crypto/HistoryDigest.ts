import type { Digest } from "@dsar/domain"
import { HistoryDigest } from "@dsar/http"
import { Layer } from "effect"
import { createHash } from "node:crypto"

/** SHA-256 of the text's UTF-8 bytes, as lower-case hex. */
export const sha256: Digest = (text) => createHash("sha256").update(text, "utf8").digest("hex")

export const layer = Layer.succeed(HistoryDigest, { digest: sha256 })
