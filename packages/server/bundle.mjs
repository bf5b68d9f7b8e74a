// Bundles the compiled `bin.js` into `dist/dsar.mjs`, the `dsar` executable (decision 0009), with
// code splitting so that what is imported dynamically stays out of start-up: Scalar's script for
// `/docs` (megabytes of text) is read only when the page is first asked for.
import { build } from "esbuild"
import { readFile } from "node:fs/promises"
import { dirname } from "node:path"

// `@effect/platform`'s barrel re-exports every module, Scalar's too; a module reachable from the
// entry statically ends up in a chunk the entry loads. The barrel is served without that line:
// the code imports Scalar's module by its own path, dynamically (`Docs.ts` in `@dsar/http`).
const lazyScalar = {
  name: "lazy-scalar",
  setup(bundler) {
    bundler.onLoad({ filter: /@effect[\\/]platform[\\/]dist[\\/]esm[\\/]index\.js$/ }, async (args) => ({
      contents: (await readFile(args.path, "utf8")).replace(/^export \* as HttpApiScalar from .*$/m, ""),
      resolveDir: dirname(args.path),
      loader: "js"
    }))
  }
}

await build({
  entryPoints: { dsar: "dist/src/bin.js" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  splitting: true,
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunks/[name]-[hash]",
  external: ["better-sqlite3", "pg-native"],
  minifyWhitespace: true,
  legalComments: "none",
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  plugins: [lazyScalar],
  logLevel: "warning"
})
