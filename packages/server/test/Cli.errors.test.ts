import { Link } from "@dsar/domain"
import { PrivacyRequests } from "@dsar/http"
import { Effect, Schema } from "effect"
import { createServer } from "node:net"
import { beforeAll, describe, expect, it } from "vitest"
import { dsar, type Finished, freePort, serve, tempDataDir } from "./support/Process.js"
import { newRequest, seedDataDir } from "./support/Seed.js"

// Whatever goes wrong, the command says it on stderr as `<Name>: <message>`, on one line a
// person can act on, and exits with 1; stdout stays empty.

const told = (finished: Finished, line: string) => {
  expect(finished.code).toBe(1)
  expect(finished.stdout).toBe("")
  expect(finished.stderr).not.toContain("\u001b[")
  expect(finished.stderr.trimEnd().split("\n")).toEqual([line])
}

let seeded: { readonly dataDir: string; readonly org: string; readonly id: string }

beforeAll(async () => {
  const { dataDir, credentials, value } = await Effect.runPromise(
    seedDataDir(() => Effect.flatMap(PrivacyRequests, (requests) => requests.create(newRequest())))
  )
  seeded = { dataDir, org: credentials.organization_id, id: value.id }
})

const onDataDir = (...args: ReadonlyArray<string>) => [...args, "--data-dir", seeded.dataDir, "--org", seeded.org]

const createLink = (...args: ReadonlyArray<string>) =>
  onDataDir("links", "create", seeded.id, "--status", "fulfilled", "--redirect-url", "https://a.example/", ...args)

describe("dsar errors", () => {
  it("a missing option is a UsageError naming it and the help to read", async () => {
    told(
      await dsar(onDataDir("links", "create", seeded.id, "--redirect-url", "https://acme.example/done")),
      "UsageError: Expected to find option: '--status' (see dsar links create --help)"
    )
  })

  it("an option that is not JSON where JSON is expected is a UsageError", async () => {
    told(
      await dsar(onDataDir("requests", "patch", seeded.id, "--metadata", "{")),
      `UsageError: --metadata must be JSON, e.g. '{"ticket":"T-1"}' (see dsar requests patch --help)`
    )
  })

  it("an unknown option is a UsageError naming it", async () => {
    told(
      await dsar(onDataDir("requests", "list", "--stauts", "verified")),
      "UsageError: Received unknown argument: '--stauts' (see dsar requests list --help)"
    )
  })

  it("a server nobody listens at is a TransportError saying the connection was refused", async () => {
    const port = await freePort()
    told(
      await dsar(["requests", "list", "--url", `http://127.0.0.1:${port}`, "--key", "key", "--secret", "secret"]),
      `TransportError: cannot reach http://127.0.0.1:${port} (connection refused, ECONNREFUSED): `
        + `POST http://127.0.0.1:${port}/v1/sessions`
    )
  })

  it("dsar serve on a port in use is a ServeError, and prints no demo credentials", async () => {
    const taken = createServer()
    const port = await new Promise<number>((resolve) =>
      taken.listen(0, "127.0.0.1", () => resolve((taken.address() as { port: number }).port))
    )
    try {
      const finished = await dsar(["serve", "--port", String(port), "--data-dir", tempDataDir()])
      expect(finished.code).toBe(1)
      expect(finished.stdout).toBe("")
      expect(finished.stderr).toContain(`ServeError: port ${port} is in use (EADDRINUSE)`)
      expect(finished.stderr).not.toMatch(/^\s+at /m)
    } finally {
      taken.close()
    }
  })
})

describe("the public base URL", () => {
  const linkUrl = async (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
    const finished = await dsar(
      createLink("--json", ...args),
      env
    )
    expect(finished.code, finished.stderr).toBe(0)
    return Schema.decodeUnknownSync(Link)(JSON.parse(finished.stdout)).url
  }

  it("links created on a data directory are on PUBLIC_BASE_URL or --public-base-url, as serve's are", async () => {
    const onEnv = await linkUrl([], { PUBLIC_BASE_URL: "https://privacy.example.org" })
    expect(onEnv).toMatch(/^https:\/\/privacy\.example\.org\/links\//)
    const onOption = await linkUrl(["--public-base-url", "https://other.example.org"])
    expect(onOption).toMatch(/^https:\/\/other\.example\.org\/links\//)
  })

  it("without it, on the address serve takes from HOST and PORT", async () => {
    expect(await linkUrl([], { PORT: "4123" })).toMatch(/^http:\/\/127\.0\.0\.1:4123\/links\//)
  })

  it("a relative --public-base-url is a UsageError naming it", async () => {
    told(
      await dsar(createLink("--public-base-url", "/x")),
      "UsageError: --public-base-url must be an absolute http(s) URL (see dsar links create --help)"
    )
  })

  it("dsar serve says where it listens and where the API reference is", async () => {
    const running = await serve(tempDataDir(), { PUBLIC_BASE_URL: "https://privacy.example.org" })
    await running.stop()
    expect(running.output().stderr).toMatch(
      /"Listening on http:\/\/127\.0\.0\.1:\d+; API reference at https:\/\/privacy\.example\.org\/docs"/
    )
  })
})
