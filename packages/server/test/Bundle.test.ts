import { readFileSync, rmSync } from "node:fs"
import { dirname, join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { bin, type Running, serve, tempDataDir } from "./support/Process.js"

// Scalar's script names its origin in its first lines.
const SCALAR = "@scalar/api-reference"

/** The files the bundle's entry loads as it starts: itself and the chunks it imports statically. */
const loadedAtStart = (file: string, seen = new Set<string>()): Set<string> => {
  if (seen.has(file)) return seen
  seen.add(file)
  const source = readFileSync(file, "utf8")
  for (const [, path] of source.matchAll(/(?:^|[;}\s])(?:import|export)\s*[^();]*?from\s*"(\.[^"]+)"/g)) {
    loadedAtStart(join(dirname(file), path!), seen)
  }
  return seen
}

describe("the server's bundle", () => {
  let dataDir: string
  let server: Running
  beforeAll(async () => {
    dataDir = tempDataDir()
    server = await serve(dataDir)
  })
  afterAll(async () => {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it("loads Scalar's script for /docs only when the page is asked for", () => {
    const files = [...loadedAtStart(bin)]
    expect(files.length).toBeGreaterThan(1)
    for (const file of files) expect(readFileSync(file, "utf8").includes(SCALAR), file).toBe(false)
  })

  it("serves /docs with Scalar's script from its own chunk", async () => {
    const page = await fetch(`${server.url}/docs`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(SCALAR)
  })
})
