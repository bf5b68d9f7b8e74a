import { FileSystem, Path } from "@effect/platform"
import { Effect, Option, Redacted } from "effect"
import { randomBytes } from "node:crypto"
import { sessionSecret } from "./Config.js"
import { ensurePrivateDirectory } from "./DataDirectory.js"

/**
 * The key session tokens are signed with: `SESSION_SECRET` when set (several servers must share
 * it), else one generated on first start and kept, readable by its owner only, in the data dir.
 */
export const loadSessionKey = (dataDir: string) =>
  Effect.gen(function*() {
    const configured = yield* sessionSecret
    if (Option.isSome(configured)) return new TextEncoder().encode(Redacted.value(configured.value))
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const file = path.join(dataDir, "session.key")
    yield* ensurePrivateDirectory(dataDir)
    if (yield* fs.exists(file)) {
      yield* fs.chmod(file, 0o600)
      return Buffer.from((yield* fs.readFileString(file)).trim(), "base64url")
    }
    const key = randomBytes(32)
    yield* fs.writeFileString(file, key.toString("base64url"), { mode: 0o600 })
    return key
  })
