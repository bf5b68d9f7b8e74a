import { Effect } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

/** A fresh directory under the system's temporary one, removed with its contents when the scope closes. */
export const tempDirectory = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "dsar-adapters-"))),
  (directory) => Effect.sync(() => rmSync(directory, { recursive: true, force: true }))
)
