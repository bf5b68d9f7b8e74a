import { execFile } from "node:child_process"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { bin } from "./support/Process.js"

// The docs quote the code: paths, commands and their options, environment variables, dependency
// ranges. These checks read the docs as markdown (code spans, tables, links), not their wording,
// so a rename in the code or a broken table fails here instead of misleading a reader.

const run = promisify(execFile)
const root = resolve(fileURLToPath(new URL("../../../", import.meta.url)))
const read = (path: string) => readFileSync(join(root, path), "utf8")

/** Every file and directory of the repository (built output included: the tests run after `pnpm build`). */
const walk = (dir: string): ReadonlyArray<string> =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    if (["node_modules", ".git", ".turbo", ".reports"].includes(entry.name)) return []
    const path = dir === "" ? entry.name : `${dir}/${entry.name}`
    return entry.isDirectory() ? [`${path}/`, ...walk(path)] : [path]
  })
const repository = walk("")

/** Where the packages say they live (`repository` in their manifests): absolute links in their READMEs lead there. */
const repositoryUrl = (JSON.parse(read("packages/domain/package.json")) as { repository: { url: string } }).repository
  .url
  .replace(/^git\+/, "")
  .replace(/\.git$/, "")

const isPackageReadme = (path: string) => /^packages\/[^/]+\/README\.md$/.test(path)

const docs = repository.filter(
  (path) => path === "README.md" || /^docs\/.*\.md$/.test(path) || /^packages\/[^/]+\/README\.md$/.test(path)
)

/** The text outside fenced code blocks, line for line (fences blanked, so line numbers hold). */
const prose = (text: string) => {
  let fenced = false
  return text.split("\n").map((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced
      return ""
    }
    return fenced ? "" : line
  })
}

/** The lines inside fenced code blocks. */
const fencedLines = (text: string) => {
  let fenced = false
  return text.split("\n").filter((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced
      return false
    }
    return fenced
  })
}

const codeSpans = (line: string) => [...line.matchAll(/`([^`]+)`/g)].map((match) => match[1]!)

/** A table row's cells; a `|` escaped as `\|` stays inside its cell, as GitHub renders it. */
const cells = (row: string) =>
  row
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim())

const isRow = (line: string) => line.trimStart().startsWith("|")
const isDelimiter = (line: string) => isRow(line) && cells(line).every((cell) => /^:?-{3,}:?$/.test(cell))

interface Table {
  readonly doc: string
  readonly line: number
  readonly header: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<string>>
}

/** Every table of a doc, and every row that belongs to none (a table broken by a blank line, say). */
const tablesOf = (doc: string) => {
  const lines = prose(read(doc))
  const tables: Array<Table> = []
  const strays: Array<string> = []
  for (let i = 0; i < lines.length; i++) {
    if (!isRow(lines[i]!)) continue
    if (isDelimiter(lines[i + 1] ?? "")) {
      const header = cells(lines[i]!)
      const rows: Array<ReadonlyArray<string>> = []
      let j = i + 2
      for (; j < lines.length && isRow(lines[j]!); j++) rows.push(cells(lines[j]!))
      tables.push({ doc, line: i + 1, header, rows })
      i = j - 1
    } else {
      strays.push(`${doc}:${i + 1}: ${lines[i]!.slice(0, 80)}`)
    }
  }
  return { tables, strays }
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-")

const anchors = (doc: string) =>
  new Set(
    prose(read(doc))
      .map((line) => /^#{1,6}\s+(.*)$/.exec(line)?.[1])
      .filter((heading) => heading !== undefined)
      .map(anchorOf)
  )

describe("docs", () => {
  it("finds the docs it checks", () => {
    expect(docs).toEqual(
      expect.arrayContaining(["README.md", "docs/api.md", "docs/architecture.md", "packages/domain/README.md"])
    )
  })

  it("every table keeps its rows together, each with as many cells as its header", () => {
    const problems = docs.flatMap((doc) => {
      const { strays, tables } = tablesOf(doc)
      return [
        ...strays.map((stray) => `row outside any table (a blank line or a missing header breaks it): ${stray}`),
        ...tables.flatMap((table) =>
          table.rows
            .map((row, index) => ({ row, index }))
            .filter(({ row }) => row.length !== table.header.length)
            .map(({ index, row }) => `${doc}:${table.line + 2 + index}: ${row.length} cells of ${table.header.length}`)
        )
      ]
    })
    expect(problems).toEqual([])
  })

  it("every repository path written as code exists", () => {
    // A span is taken for a path when it ends with a file extension the repository uses, or with
    // a `/` (a directory); a path from the root must exist as written, any other must end a path
    // of the repository (`cli/Serve.ts` in the architecture's table of the server's sources).
    const extension = /\.(ts|mjs|js|md|json|yaml)$/
    const looksLikePath = (span: string) =>
      /^[\w.-]+(\/[\w.-]+)*\/?$/.test(span) &&
      (extension.test(span) || span.endsWith("/")) &&
      !span.split("/").some((segment) => /^[A-Z0-9_]+$/.test(segment))
    const fromRoot = (span: string) =>
      /^(packages|docs|\.ci)\//.test(span) || (!span.includes("/") && repository.includes(span))
    const generated = (span: string) => span.split("/").includes(".reports")
    const problems = docs.flatMap((doc) =>
      prose(read(doc)).flatMap((line, index) =>
        codeSpans(line)
          .filter((span) => looksLikePath(span) && !generated(span))
          .filter((span) => {
            if (fromRoot(span)) return !existsSync(join(root, span))
            const packageDir = /^packages\/[^/]+\//.exec(doc)?.[0]
            if (packageDir !== undefined && existsSync(join(root, packageDir, span))) return false
            return !repository.some((path) => path === span || path.endsWith(`/${span}`))
          })
          .map((span) => `${doc}:${index + 1}: \`${span}\``)
      )
    )
    expect(problems).toEqual([])
  })

  it("every relative link leads to a file that exists, and its #anchor to a heading there", () => {
    const problems = docs.flatMap((doc) =>
      prose(read(doc)).flatMap((line, index) =>
        [...line.matchAll(/\]\(([^)\s]+)\)/g)]
          .map((match) => match[1]!)
          .flatMap((target) => {
            const where = `${doc}:${index + 1}: (${target})`
            const inRepository = /^\/(?:blob|tree)\/main\/(.*)$/.exec(
              target.startsWith(repositoryUrl) ? target.slice(repositoryUrl.length) : ""
            )?.[1]
            if (inRepository === undefined && /^[a-z]+:/.test(target)) return []
            // A package's README is read on npm too, where a relative link leads nowhere.
            if (inRepository === undefined && isPackageReadme(doc) && !target.startsWith("#")) {
              return [`${where}: relative, in a README npm shows`]
            }
            const [path, anchor] = (inRepository ?? target).split("#") as [string, string | undefined]
            const file = inRepository !== undefined
              ? path.replace(/\/$/, "")
              : path === ""
              ? doc
              : relative(root, resolve(root, dirname(doc), path))
            if (!existsSync(join(root, file))) return [`${where}: no ${file}`]
            if (anchor === undefined || !file.endsWith(".md")) return []
            return anchors(file).has(anchor) ? [] : [`${where}: no heading #${anchor} in ${file}`]
          })
      )
    )
    expect(problems).toEqual([])
  })
})

// The top-level help lists every command by its full path (`  dsar requests list  List ...`);
// each command's own help lists its options (`  --status <status>  Only requests in ...`). Read
// without blocking: the worker must stay responsive on a busy machine.
const helpOf = async (args: ReadonlyArray<string>) =>
  (await run(process.execPath, [bin, ...args, "--help"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } }))
    .stdout
const help = await helpOf([])
const optionsIn = (text: string) =>
  new Set([...text.matchAll(/^\s+(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((option) => option[1]!))
const commands = new Map(
  await Promise.all(
    [...help.matchAll(/^\s+dsar ((?:[a-z][a-z-]* ?)+?)(?:\s{2,}|$)/gm)]
      .map((match) => match[1]!.trim())
      .map(async (name) => [name, optionsIn((await helpOf(name.split(" "))).split("Global options:")[0]!)] as const)
  )
)
const globalOptions = optionsIn(help.split("Global options:")[1] ?? "")

describe("docs and the dsar command", () => {
  /** The options of a command, or of every command under a group (`dsar requests ... --url`). */
  const optionsOf = (command: string) =>
    new Set(
      [...commands]
        .filter(([name]) => name === command || name.startsWith(`${command} `))
        .flatMap(([, options]) => [...options])
    )

  const isGroup = (name: string) => [...commands.keys()].some((other) => other.startsWith(`${name} `))

  /** `dsar <words>`: the longest command the words name, and the options written after it. */
  const invocations = (text: string) =>
    [...text.matchAll(/\bdsar\s+([^|;#`]*)/g)].flatMap((match) => {
      const words = match[1]!.split(/\s+/).filter((word) => word !== "")
      let command: string | undefined
      let depth = 0
      for (const word of words) {
        const next = command === undefined ? word : `${command} ${word}`
        if (!commands.has(next) && !isGroup(next)) break
        command = next
        depth++
      }
      const following = words[depth]
      const word = (text: string | undefined) => text !== undefined && /^[a-z][a-z-]*$/.test(text)
      // A word after a group (`dsar links make`) that is none of its commands is no command either.
      if (command === undefined || (isGroup(command) && word(following))) {
        const attempted = [command, following].filter((part) => part !== undefined).join(" ")
        return word(words[0]) ? [{ command: attempted, options: [] }] : []
      }
      const options = words.filter((word) => word.startsWith("--")).map((word) => word.replace(/=.*/, ""))
      return [{ command, options }]
    })

  it("reads the commands from the built dsar's help", () => {
    expect([...commands.keys()]).toEqual(expect.arrayContaining(["serve", "migrate", "orgs create", "requests list"]))
    expect(commands.get("serve")).toEqual(new Set(["--port", "--host", "--data-dir", "--public-base-url", "--demo"]))
  })

  it("every dsar command a doc shows exists, with the options written after it", () => {
    const problems = docs.flatMap((doc) => {
      const text = read(doc)
      const shown = [...prose(text).flatMap(codeSpans), ...fencedLines(text)]
      return shown.flatMap((snippet) =>
        invocations(snippet).flatMap(({ command, options }) => {
          if (!commands.has(command) && !isGroup(command)) return [`${doc}: \`dsar ${command}\` is no command`]
          const known = optionsOf(command)
          return options
            .filter((option) => !known.has(option) && !globalOptions.has(option))
            .map((option) => `${doc}: \`dsar ${command}\` has no ${option}`)
        })
      )
    })
    expect(problems).toEqual([])
  })

  it("every option in a table row about a dsar command is one of that command's", () => {
    const problems = docs.flatMap((doc) =>
      tablesOf(doc).tables.flatMap((table) =>
        table.rows.flatMap((row) => {
          const named = invocations(codeSpans(row[0] ?? "").join(" ; ")).filter(({ command }) => commands.has(command))
          if (named.length === 0) return []
          const known = new Set(named.flatMap(({ command }) => [...optionsOf(command)]))
          const written = row.join(" ").match(/--[a-z][a-z-]*/g) ?? []
          const about = named.map((entry) => `dsar ${entry.command}`).join(", ")
          return written
            .filter((option) => !known.has(option) && !globalOptions.has(option))
            .map((option) => `${doc}: a row about ${about} has ${option}`)
        })
      )
    )
    expect(problems).toEqual([])
  })
})

describe("docs and the environment variables", () => {
  const sources = (dir: string): ReadonlyArray<string> =>
    repository.filter((path) => path.startsWith(dir) && /\.(ts|mjs)$/.test(path) && !path.includes("/dist/")).map(read)

  // In the server's modules that read configuration (they import effect's `Config`), a variable
  // is read by passing its name, in capitals, as a call's first argument: `Config.string("HOST")`,
  // or a helper doing the same.
  const readByServer = new Set(
    // The server's settings, and the public base URL's, which the http package holds for every process.
    [...sources("packages/server/src/"), read("packages/http/src/PublicBaseUrl.ts")]
      .filter((source) => /import \{[^}]*\bConfig\b[^}]*\} from "effect"/.test(source))
      .flatMap((source) => [...source.matchAll(/\(\s*"([A-Z][A-Z0-9_]+)"/g)].map((match) => match[1]!))
  )
  // What else reads one: the tests and scripts (`process.env.X`), turbo, CI.
  const readElsewhere = new Set([
    ...sources("packages/").flatMap((source) =>
      [...source.matchAll(/process\.env(?:\.|\[")([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]!)
    ),
    ...(JSON.parse(read("turbo.json")) as { tasks: Record<string, { env?: Array<string> }> }).tasks.test!.env!,
    ...[...read(".ci/run").matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]!)
  ])
  // Read by Node and corepack themselves.
  const readByTools = new Set(["NODE_OPTIONS", "COREPACK_ENABLE_DOWNLOAD_PROMPT"])

  /** The variables a doc names: spans like `SESSION_TTL` or `PORT=99999`, and the cells of an environment column. */
  const named = (doc: string) => {
    const spans = prose(read(doc))
      .flatMap(codeSpans)
      .map((span) => /^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)$|^([A-Z][A-Z0-9_]*)=/.exec(span))
      .filter((match) => match !== null)
      .map((match) => match[1] ?? match[2]!)
    const columns = tablesOf(doc).tables.flatMap((table) => {
      const column = table.header.findIndex((title) => /^(variable|environment)/i.test(title))
      if (column < 0) return []
      return table.rows.flatMap((row) => codeSpans(row[column] ?? "")).filter((span) => /^[A-Z][A-Z0-9_]*$/.test(span))
    })
    return [...spans, ...columns]
  }

  it("finds the variables the server reads", () => {
    expect([...readByServer]).toEqual(expect.arrayContaining(["PORT", "DATABASE_URL", "SESSION_SECRET", "DSAR_URL"]))
  })

  it("the README names every variable the server reads", () => {
    const spans = prose(read("README.md")).flatMap(codeSpans)
    const inReadme = (name: string) => spans.some((span) => span === name || span.startsWith(`${name}=`))
    expect([...readByServer].filter((name) => !inReadme(name))).toEqual([])
  })

  it("every variable a doc names is read by the server, the tests, turbo, CI or Node", () => {
    const problems = docs.flatMap((doc) =>
      named(doc)
        .filter((name) => !readByServer.has(name) && !readElsewhere.has(name) && !readByTools.has(name))
        .map((name) => `${doc}: ${name}`)
    )
    expect([...new Set(problems)]).toEqual([])
  })
})

describe("docs/dependencies.md and the package.json files", () => {
  interface Manifest {
    readonly dependencies?: Record<string, string>
    readonly devDependencies?: Record<string, string>
    readonly peerDependencies?: Record<string, string>
  }
  // Each section names its manifest, e.g. "## `@dsar/http` (`packages/http/package.json`)", and
  // lists one dependency or several per row: names, range(s), kind, why.
  const sections = read("docs/dependencies.md")
    .split(/^## /m)
    .map((section) => ({ section, manifest: /^[^\n]*\(`([^`]*package\.json)`/.exec(section)?.[1] }))
    .filter((entry): entry is { section: string; manifest: string } => entry.manifest !== undefined)
  const declared = (manifest: string) => {
    const json = JSON.parse(read(manifest)) as Manifest
    return { runtime: json.dependencies ?? {}, dev: json.devDependencies ?? {}, peer: json.peerDependencies ?? {} }
  }
  const manifestOf = (name: string) => sections.find(({ section }) => section.startsWith(`\`${name}\``))?.manifest

  it("finds a section per package", () => {
    expect(sections.map(({ manifest }) => manifest)).toEqual(
      expect.arrayContaining(["package.json", "packages/domain/package.json", "packages/server/package.json"])
    )
  })

  it("lists every declared dependency, each with its range and kind", () => {
    const problems = sections.flatMap(({ section, manifest }) => {
      const { dev, peer, runtime } = declared(manifest)
      const all = { ...runtime, ...dev, ...peer }
      const table = section.split("\n").filter((line) => isRow(line) && line.includes("`"))
      const listed = table.flatMap((line) => {
        const [names, ranges, kind] = cells(line) as [string, string, string]
        const packages = codeSpans(names)
        const rangeOf = (index: number) => {
          const written = ranges.split(/,\s*/)
          const range = written.length === packages.length ? written[index]! : written[0]!
          // "as in the domain": the range of the same dependency in that package.
          const other = /^as in the (\w+)/.exec(range)?.[1]
          if (other === undefined) return range
          const otherManifest = manifestOf(`@dsar/${other}`)
          if (otherManifest === undefined) return range
          const { dev: otherDev, runtime: otherRuntime } = declared(otherManifest)
          return { ...otherRuntime, ...otherDev }[packages[index]!]
        }
        return packages.map((name, index) => ({ name, range: rangeOf(index), kind }))
      })
      return [
        ...Object.keys(all)
          .filter((name) => !listed.some((entry) => entry.name === name))
          .map((name) => `${manifest}: ${name} is not listed`),
        ...listed.flatMap(({ kind, name, range }) => {
          if (!(name in all)) return [`${manifest}: ${name} is listed but not declared`]
          if (range !== all[name]) return [`${manifest}: ${name} is ${all[name]}, the doc says ${range}`]
          // A peer is also a dev dependency, so the workspace installs it; a bundled one is a dev
          // dependency whose code the server's bundle carries.
          const declaredAs = {
            runtime: name in runtime,
            dev: name in dev,
            peer: name in peer && name in dev,
            bundled: name in dev
          }[kind]
          if (declaredAs === false) return [`${manifest}: ${name} is not a ${kind} dependency`]
          return []
        })
      ]
    })
    expect(problems).toEqual([])
  })
})
