import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { createRequire } from "node:module"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

/**
 * The built `dsar` command, bundled (`pnpm test` builds before testing). Resolved through the package's
 * exports, so that this module finds it from its source and from its build (which the bench imports).
 */
export const bin = createRequire(import.meta.url).resolve("@dsar/server/bin")

const made: Array<string> = []

/** A new, empty data directory, removed by `removeTempDataDirs` (after each test file, `Cleanup.ts`). */
export const tempDataDir = () => {
  const directory = mkdtempSync(join(tmpdir(), "dsar-cli-"))
  made.push(directory)
  return directory
}

/** Removes every data directory `tempDataDir` made in this process: their databases hold test data, and they add up. */
export const removeTempDataDirs = () => {
  for (const directory of made.splice(0)) rmSync(directory, { recursive: true, force: true })
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(
        () => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")))
      )
    })
  })

const cleanEnv = (env: Record<string, string>) => {
  const { PORT: _port, HOST: _host, DATA_DIR: _dir, PUBLIC_BASE_URL: _base, ...rest } = process.env
  return { ...rest, ...env }
}

/** The demo organisation's credentials, from what `dsar serve` prints on its first start. */
export const demoCredentials = (stdout: string) => {
  const field = (name: string) => new RegExp(`^\\s+${name}\\s+(\\S+)$`, "m").exec(stdout)?.[1]
  return { organization_id: field("organization_id"), key: field("key")!, secret: field("secret")! }
}

export interface Finished {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `dsar ...args` to completion. */
export const dsar = (args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
  new Promise<Finished>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk) => (stdout += chunk))
    child.stderr.on("data", (chunk) => (stderr += chunk))
    child.on("close", (code) => resolve({ code, stdout, stderr }))
  })

export interface Running {
  readonly child: ChildProcess
  readonly url: string
  readonly output: () => { readonly stdout: string; readonly stderr: string }
  /** Sends the signal and resolves with the exit code once the process is gone. */
  readonly stop: (signal?: NodeJS.Signals) => Promise<number | null>
}

/**
 * Starts `dsar serve` on a free port and resolves once it listens. `program` may name another
 * script taking the same `serve` arguments (the bench's bare baseline does); `nodeArgs` are Node's
 * own options, `args` more of `serve`'s.
 */
export const serve = async (
  dataDir: string,
  env: Record<string, string> = {},
  options: {
    readonly program?: string
    readonly nodeArgs?: ReadonlyArray<string>
    readonly args?: ReadonlyArray<string>
  } = {}
): Promise<Running> => {
  const port = await freePort()
  const serveArgs = ["serve", "--port", String(port), "--data-dir", dataDir, ...(options.args ?? [])]
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.program ?? bin, ...serveArgs], {
    env: cleanEnv(env),
    stdio: ["ignore", "pipe", "pipe"]
  })
  let stdout = ""
  let stderr = ""
  child.stdout!.on("data", (chunk) => (stdout += chunk))
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dsar serve did not start:\n${stderr}`)), 20_000)
    let listening = false
    child.stderr!.on("data", (chunk) => {
      stderr += chunk
      // Looked for until found only: the log grows with every request a long test sends.
      if (!listening && stderr.includes("Listening on")) {
        listening = true
        clearTimeout(timer)
        resolve()
      }
    })
    void exited.then((code) => reject(new Error(`dsar serve exited with ${code}:\n${stderr}`)))
  })
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => ({ stdout, stderr }),
    stop: (signal = "SIGTERM") => {
      child.kill(signal)
      return exited
    }
  }
}
