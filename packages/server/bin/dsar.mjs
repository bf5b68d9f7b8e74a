#!/usr/bin/env node
// The `dsar` command. It runs the bundle `pnpm build` writes; this file exists before the build, so
// that installing the workspace can link it, and it says what to do when the bundle is missing.
import { existsSync } from "node:fs"

const bundle = new URL("../dist/dsar.mjs", import.meta.url)
if (!existsSync(bundle)) {
  process.stderr.write("dsar is not built yet: run `pnpm build` at the repository root first.\n")
  process.exit(1)
}
await import(bundle.href)
