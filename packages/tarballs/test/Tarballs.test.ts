import { execFile } from "node:child_process"
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { promisify } from "node:util"
import { publint } from "publint"
import { formatMessage } from "publint/utils"
import { afterAll, beforeAll, describe, expect, test } from "vitest"

const run = promisify(execFile)
const root = resolve(import.meta.dirname, "../../..")
const fixture = resolve(import.meta.dirname, "../fixture")

interface Manifest {
  readonly name: string
  readonly private?: boolean
  readonly types?: string
  readonly peerDependencies?: Record<string, string>
}

const manifestOf = (directory: string): Manifest =>
  JSON.parse(readFileSync(join(root, "packages", directory, "package.json"), "utf8"))

/** Every package the workspace publishes: the ones not marked private. */
const published = readdirSync(join(root, "packages"))
  .map((directory) => ({ directory, manifest: manifestOf(directory) }))
  .filter(({ manifest }) => manifest.private !== true)

const work = mkdtempSync(join(tmpdir(), "dsar-tarballs-"))
const project = join(work, "project")
const tarballs = new Map<string, string>()

const tarballOf = (name: string) => {
  const file = tarballs.get(name)
  if (file === undefined) throw new Error(`${name} was not packed`)
  return file
}

beforeAll(async () => {
  for (const { directory, manifest } of published) {
    // pnpm pack writes the manifest as published: workspace ranges resolved, `publishConfig` applied.
    const { stdout } = await run("pnpm", ["pack", "--pack-destination", work], {
      cwd: join(root, "packages", directory)
    })
    tarballs.set(manifest.name, stdout.trim().split("\n").at(-1)!)
  }
  const files = Object.fromEntries(published.map(({ manifest }) => [manifest.name, `file:${tarballOf(manifest.name)}`]))
  // Every peer the libraries ask for, the optional drivers' too, as an application using them installs them.
  const peers = Object.fromEntries(published.flatMap(({ manifest }) => Object.entries(manifest.peerDependencies ?? {})))
  const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
  rmSync(project, { recursive: true, force: true })
  await run("mkdir", ["-p", project])
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify(
      {
        name: "fresh-project",
        private: true,
        type: "module",
        dependencies: { ...files, ...peers, "@types/node": rootManifest.devDependencies["@types/node"] },
        // The packages' dependencies on each other resolve to these tarballs, never to a registry.
        overrides: files
      },
      null,
      2
    )
  )
  copyFileSync(join(fixture, "main.ts"), join(project, "main.ts"))
  copyFileSync(join(fixture, "tsconfig.json"), join(project, "tsconfig.json"))
  // npm, not the workspace's pnpm: what a user outside this repository runs. No install scripts:
  // nothing the program runs needs a native build.
  await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], {
    cwd: project,
    env: { ...process.env, npm_config_update_notifier: "false" }
  })
})

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe("every published package, from its tarball", () => {
  test.each(published.map(({ manifest }) => manifest.name))("%s: publint reports nothing", async (name) => {
    const buffer = readFileSync(tarballOf(name))
    const { messages, pkg } = await publint({
      pack: { tarball: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) },
      level: "suggestion"
    })
    expect(messages.map((message) => `${message.type}: ${formatMessage(message, pkg)}`)).toEqual([])
  })

  // The CLI package ships a bundle and no types; every library's types must resolve as an ESM user's do.
  test.each(published.filter(({ manifest }) => manifest.types !== undefined).map(({ manifest }) => manifest.name))(
    "%s: are-the-types-wrong reports no problem for ESM users",
    async (name) => {
      const attw = join(import.meta.dirname, "../node_modules/.bin/attw")
      const result = await run(attw, [tarballOf(name), "--profile", "esm-only", "--format", "ascii"]).then(
        () => "no problem",
        (error: { stdout: string }) => error.stdout
      )
      expect(result).toBe("no problem")
    }
  )

  test.each(published.map(({ manifest }) => manifest.name))("%s ships a LICENSE and a README", async (name) => {
    const { stdout } = await run("tar", ["-tzf", tarballOf(name)])
    expect(stdout.split("\n")).toEqual(expect.arrayContaining(["package/LICENSE", "package/README.md"]))
  })
})

describe("a fresh project installing the tarballs with npm", () => {
  test("type-checks a program using every library package, with skipLibCheck off and no exactOptionalPropertyTypes", async () => {
    const tsc = join(root, "node_modules/.bin/tsc")
    const result = await run(tsc, ["-p", "."], { cwd: project }).then(
      () => "",
      (error: { stdout: string }) => error.stdout
    )
    expect(result).toBe("")
  })

  test("runs it: a request created in process, on in-memory stores, with an organisation made in one step; the lifecycle entry; the specification passed", async () => {
    const { stdout } = await run("node", ["out/main.js"], { cwd: project })
    expect(JSON.parse(stdout)).toEqual({
      organization: true,
      email: "jane@example.org",
      approval: true,
      status: "verified",
      total: 1,
      conformance: { failed: 0, skipped: 1 },
      domain: { forbidden: false, allowed: true, patchRefusesEmail: true },
      lifecycle: { forbidden: false, terminal: true },
      spec: [],
      remote: true
    })
  })

  test("importing the in-memory stores loads no database or mail driver", async () => {
    const hook = join(project, "record-drivers.mjs")
    writeFileSync(
      hook,
      [
        "import { register } from \"node:module\"",
        "register(\"data:text/javascript,\" + encodeURIComponent(`",
        "export async function resolve(specifier, context, next) {",
        "  if (/^(pg|pg-native|better-sqlite3|nodemailer|@effect\\\\/sql-(pg|sqlite-node))(\\\\/|$)/.test(specifier))",
        "    process.stderr.write('driver: ' + specifier + '\\\\n')",
        "  return next(specifier, context)",
        "}`))"
      ].join("\n")
    )
    const load = (entry: string) =>
      run("node", ["--import", hook, "--input-type=module", "-e", `await import(${JSON.stringify(entry)})`], {
        cwd: project
      })
    const memory = await load("@dsar/adapters/memory")
    const root = await load("@dsar/adapters")
    expect([memory.stderr, root.stderr]).toEqual(["", ""])
    // The hook itself works: the SQLite entry does load its driver.
    expect((await load("@dsar/adapters/sqlite")).stderr).toContain("driver: @effect/sql-sqlite-node")
  })

  test("the dsar command from the server's tarball starts and prints its help", async () => {
    const { stdout } = await run("node", ["node_modules/@dsar/server/dist/dsar.mjs", "--help"], {
      cwd: project,
      env: { ...process.env, NO_COLOR: "1" }
    })
    expect(stdout).toContain("dsar")
    expect(stdout).toContain("serve")
  })
})
