import { isDueSoon, latestExtendedDeadline, Link, Note, Request } from "@dsar/domain"
import { PrivacyRequests } from "@dsar/http"
import { parse } from "csv-parse/sync"
import { Effect, Schema } from "effect"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { dsar, type Finished, serve, tempDataDir } from "./support/Process.js"
import { newRequest, seedDataDir } from "./support/Seed.js"

// The operators' commands, run as the built `dsar` binary, each on the local data directory and
// against a server on loopback serving that same directory: the same commands, the same answers.

const seed = () =>
  Effect.runPromise(
    seedDataDir(() =>
      Effect.gen(function*() {
        const requests = yield* PrivacyRequests
        const create = (overrides: Record<string, unknown>) => requests.create(newRequest(overrides))
        return {
          alice: yield* create({ organization_user_id: "alice", metadata: { note: "a, \"quoted\" note" } }),
          bob: yield* create({ organization_user_id: "bob", status: "unverified", user_right_id: "cpra_opt_out" }),
          carol: yield* create({
            organization_user_id: "carol",
            status: "fulfilled",
            user_right_id: "cpra_delete_my_data"
          }),
          dave: yield* create({ organization_user_id: "dave" }),
          erin: yield* create({
            organization_user_id: "erin",
            request_fields: [{ field_id: "email", value: "Erin@Example.org" }]
          }),
          // A cell a spreadsheet would run as a formula, with a comma, quotes and a line break.
          formula: yield* create({ organization_user_id: "=1+2, \"x\"\nnext" })
        }
      })
    )
  )

type Seeded = Awaited<ReturnType<typeof seed>>

interface Target {
  readonly args: ReadonlyArray<string>
  readonly env: Record<string, string>
  readonly stop: () => Promise<unknown>
}

interface Mode {
  readonly name: string
  readonly start: (seeded: Seeded) => Promise<Target>
}

const modes: ReadonlyArray<Mode> = [
  {
    name: "on the data directory (--data-dir, --org)",
    start: async (seeded) => ({
      args: ["--data-dir", seeded.dataDir, "--org", seeded.credentials.organization_id],
      env: {},
      stop: async () => undefined
    })
  },
  {
    name: "against a server (DSAR_URL, DSAR_API_KEY, DSAR_API_SECRET)",
    start: async (seeded) => {
      const running = await serve(seeded.dataDir)
      return {
        args: [],
        env: {
          DSAR_URL: running.url,
          DSAR_API_KEY: seeded.credentials.key,
          DSAR_API_SECRET: seeded.credentials.secret
        },
        stop: () => running.stop()
      }
    }
  }
]

const decodeJson = <A, I>(schema: Schema.Schema<A, I>, finished: Finished) => {
  expect(finished.code, finished.stderr).toBe(0)
  return Schema.decodeUnknownSync(schema)(JSON.parse(finished.stdout))
}

const refused = (finished: Finished, text: string) => {
  expect(finished.code).toBe(1)
  expect(finished.stdout).toBe("")
  expect(finished.stderr).toContain(text)
}

for (const mode of modes) {
  describe(`dsar requests, links and notes, ${mode.name}`, () => {
    let seeded: Seeded
    let target: Target
    const run = (...args: ReadonlyArray<string>) => dsar([...args, ...target.args], target.env)
    const all = () => Object.values(seeded.value)

    beforeAll(async () => {
      seeded = await seed()
      target = await mode.start(seeded)
    })
    afterAll(() => target.stop())

    it("requests list shows a table for people, --json the API's array, --all every page with progress on stderr", async () => {
      const table = await run("requests", "list")
      expect(table.code, table.stderr).toBe(0)
      expect(table.stdout).toMatch(/\bid\b.*\bstatus\b.*\bright\b.*\buser\b/)
      for (const request of all()) expect(table.stdout).toContain(request.id)
      expect(table.stderr).toContain("6 shown, from 1, of 6")

      const verified = decodeJson(
        Schema.Array(Request),
        await run("requests", "list", "--json", "--status", "unverified", "--status", "fulfilled")
      )
      expect(verified.map((request) => request.id).sort()).toEqual([seeded.value.bob.id, seeded.value.carol.id].sort())
      const page = decodeJson(
        Schema.Array(Request),
        await run("requests", "list", "--json", "--limit", "2", "--skip", "1", "--sort", "created_at")
      )
      expect(page.map((request) => request.id)).toEqual([seeded.value.bob.id, seeded.value.carol.id])

      const everything = await run("requests", "list", "--all", "--json", "--right", "cpra_access_my_data")
      expect(decodeJson(Schema.Array(Request), everything)).toHaveLength(4)
      expect(everything.stderr).toContain("listed: 4 of 4")
      expect(decodeJson(Schema.Array(Request), await run("requests", "list", "--json", "--overdue"))).toEqual([])
      const dueSoon = decodeJson(Schema.Array(Request), await run("requests", "list", "--json", "--due-within", "400"))
      expect(dueSoon.map((request) => request.id).sort()).toEqual(
        all().filter((request) => isDueSoon(request, new Date(), 400)).map((request) => request.id).sort()
      )
      expect(dueSoon.length).toBeGreaterThan(0)
      expect(decodeJson(Schema.Array(Request), await run("requests", "list", "--json", "--due-within", "0"))).toEqual(
        []
      )
      refused(await run("requests", "list", "--overdue", "--due-within", "7"), "exclude each other")
    })

    it("requests list and export --email find the requests whose emails go to an address, whatever its case", async () => {
      const { erin } = seeded.value
      const found = decodeJson(
        Schema.Array(Request),
        await run("requests", "list", "--json", "--email", "ERIN@example.ORG")
      )
      expect(found.map((request) => request.id)).toEqual([erin.id])
      const csv = await run("requests", "export", "--format", "csv", "--email", "erin@example.org")
      expect(csv.code, csv.stderr).toBe(0)
      expect((parse(csv.stdout, { columns: true }) as Array<Record<string, string>>).map((row) => row.id)).toEqual([
        erin.id
      ])
      const malformed = await run("requests", "list", "--email", "not-an-address")
      expect([malformed.code, malformed.stdout]).toEqual([1, ""])
      expect(malformed.stderr).toContain("--email must be an email address")
    })

    it("requests get shows one request; an unknown id is a NotFound on stderr, exit 1", async () => {
      const { alice } = seeded.value
      expect(decodeJson(Request, await run("requests", "get", alice.id, "--json"))).toEqual(alice)
      const shown = await run("requests", "get", alice.id)
      expect(shown.stdout).toContain(alice.id)
      expect(shown.stdout).toMatch(/status\s*│\s*verified/)
      refused(await run("requests", "get", "req_unknown"), "NotFound: No request with id req_unknown")
    })

    it("requests patch moves a request as the lifecycle allows; a forbidden move is a Conflict and changes nothing", async () => {
      const { dave } = seeded.value
      const patched = decodeJson(
        Request,
        await run(
          "requests",
          "patch",
          dave.id,
          "--status",
          "work_in_progress",
          "--metadata",
          "{\"ticket\":\"T-1\"}",
          "--json"
        )
      )
      expect([patched.status, patched.metadata]).toEqual(["work_in_progress", { ticket: "T-1" }])
      const conflict = await run("requests", "patch", dave.id, "--status", "unverified")
      refused(conflict, "Conflict: Cannot change status from work_in_progress to unverified")
      expect(conflict.stderr).toContain("  status: ")
      refused(
        await run(
          "requests",
          "patch",
          dave.id,
          "--extra-message-variables",
          "{\"download_link\":\"http://insecure.example.org/x\"}"
        ),
        "BadRequest: Invalid request: extra_message_variables.download_link"
      )
      expect(decodeJson(Request, await run("requests", "get", dave.id, "--json"))).toEqual(patched)
    })

    it("requests patch refuses with --reason and --details; a refusal without a reason is a BadRequest naming refusal", async () => {
      const { dave } = seeded.value
      const unexplained = await run("requests", "patch", dave.id, "--status", "refused")
      refused(unexplained, "BadRequest: Refusing a request needs a reason")
      expect(unexplained.stderr).toContain("  refusal: ")
      refused(await run("requests", "patch", dave.id, "--status", "refused", "--reason", "other"), "details")
      const answered = decodeJson(
        Request,
        await run(
          "requests",
          "patch",
          dave.id,
          "--status",
          "refused",
          "--reason",
          "exempt",
          "--details",
          "Trade secret",
          "--json"
        )
      )
      expect([answered.status, answered.refusal]).toEqual(["refused", { reason: "exempt", details: "Trade secret" }])
      expect((await run("requests", "get", dave.id)).stdout).toMatch(/refused because\s*│\s*exempt: Trade secret/)
    })

    it("requests export writes CSV, one quoted row per request, or the API's JSON lines, to stdout or --output", async () => {
      const csv = await run("requests", "export", "--format", "csv")
      expect(csv.code, csv.stderr).toBe(0)
      expect(csv.stderr).toContain("exported: 6 of 6")
      const rows = parse(csv.stdout, { columns: true }) as Array<Record<string, string>>
      expect(rows.map((row) => row.id)).toEqual(all().map((request) => request.id))
      const { alice, formula } = seeded.value
      expect(rows[0]).toEqual({
        id: alice.id,
        status: "verified",
        user_right_id: "cpra_access_my_data",
        regulation_id: "cpra",
        organization_user_id: "alice",
        email: "email@address.com",
        created_at: alice.created_at.toISOString(),
        updated_at: alice.updated_at.toISOString(),
        expires_at: alice.expires_at.toISOString(),
        source_country: "US",
        metadata: "{\"note\":\"a, \\\"quoted\\\" note\"}",
        extra_message_variables: "{}"
      })
      expect(rows.find((row) => row.id === formula.id)?.organization_user_id).toBe(`'=1+2, "x"\nnext`)

      const jsonl = await run("requests", "export", "--format", "jsonl", "--status", "unverified")
      // Never the approval link: its URL carries a live token.
      const { bob } = seeded.value
      const withoutLink = {
        ...bob,
        validation: bob.validation === null ? null : { ...bob.validation, approve_url: null }
      }
      expect(jsonl.stdout.trimEnd().split("\n").map((line) => Schema.decodeUnknownSync(Request)(JSON.parse(line))))
        .toEqual([withoutLink])
      expect(bob.validation?.approve_url).toContain("/links/")
      expect(`${csv.stdout}${jsonl.stdout}`).not.toContain("/links/")

      const file = join(tempDataDir(), "export.csv")
      const written = await run("requests", "export", "--format", "csv", "--user", "alice", "--output", file)
      expect([written.code, written.stdout]).toEqual([0, ""])
      const [header, aliceRow] = csv.stdout.split("\n")
      expect(readFileSync(file, "utf8")).toBe(`${header}\n${aliceRow}\n`)
    })

    it("requests erase keeps the non-personal record, shown by requests get, and refuses changes after", async () => {
      const { formula } = seeded.value
      const erased = decodeJson(Request, await run("requests", "erase", formula.id, "--json"))
      expect(erased).toMatchObject({
        id: formula.id,
        status: formula.status,
        organization_user_id: "erased",
        request_fields: [],
        metadata: {}
      })
      // On a data directory the CLI erases as itself; through a server, as its API key.
      expect(["system", "api_key"]).toContain(erased.erasure?.by.type)
      const shown = await run("requests", "get", formula.id)
      expect(shown.stdout).toContain("erased (UTC)")
      refused(await run("requests", "patch", formula.id, "--status", "refused"), "Conflict")
    })

    it("links create prints the new link; notes add and list keep staff comments, oldest first", async () => {
      const { erin } = seeded.value
      const link = decodeJson(
        Link,
        await run(
          "links",
          "create",
          erin.id,
          "--status",
          "fulfilled",
          "--redirect-url",
          "https://acme.example/done",
          "--json"
        )
      )
      expect(link.event).toEqual({ status: "fulfilled", request_id: erin.id })
      expect(link.expires_at.getTime() - link.created_at.getTime()).toBe(900_000)
      refused(
        await run("links", "create", erin.id, "--status", "unverified", "--redirect-url", "https://acme.example/done"),
        "Conflict"
      )

      const first = decodeJson(Note, await run("notes", "add", erin.id, "Called the requester", "--json"))
      const second = decodeJson(Note, await run("notes", "add", erin.id, "Sent the export", "--json"))
      expect(decodeJson(Schema.Array(Note), await run("notes", "list", erin.id, "--json"))).toEqual([first, second])
      expect((await run("notes", "list", erin.id)).stdout).toMatch(/Called the requester[\s\S]*Sent the export/)
    })

    it("requests extend moves the deadline as the right allows, once; an opt-out is a Conflict naming its right", async () => {
      const { bob, erin } = seeded.value
      const latest = latestExtendedDeadline(erin.user_right_id, erin.expires_at)!
      const extended = decodeJson(
        Request,
        await run("requests", "extend", erin.id, "--reason", "Many requests this month", "--json")
      )
      expect(extended.expires_at).toEqual(latest)
      refused(await run("requests", "extend", erin.id, "--reason", "Again"), "Conflict: The deadline of request")
      refused(await run("requests", "extend", bob.id, "--reason", "More time"), "user_right_id")
      refused(await run("requests", "extend", erin.id, "--reason", " "), "BadRequest")
      expect(decodeJson(Request, await run("requests", "get", erin.id, "--json"))).toEqual(extended)
    })
  })
}

describe("dsar requests: where the requests are", () => {
  it("the environment works instead of flags: DATA_DIR and DSAR_ORGANIZATION_ID, or --url, --key and --secret", async () => {
    const seeded = await seed()
    const local = await dsar(["requests", "list", "--json"], {
      DATA_DIR: seeded.dataDir,
      DSAR_ORGANIZATION_ID: seeded.credentials.organization_id
    })
    expect(decodeJson(Schema.Array(Request), local)).toHaveLength(6)
    // No SMTP server answers: the approval emails stay queued, so the requests keep their approval
    // URLs (delivering an approval email removes it) and read the same from both sides.
    const running = await serve(seeded.dataDir, { SMTP_URL: "smtp://127.0.0.1:9" })
    try {
      const remote = await dsar([
        "requests",
        "list",
        "--json",
        "--url",
        running.url,
        "--key",
        seeded.credentials.key,
        "--secret",
        seeded.credentials.secret
      ])
      expect(decodeJson(Schema.Array(Request), remote)).toEqual(decodeJson(Schema.Array(Request), local))
      refused(
        await dsar(["requests", "list", "--url", running.url, "--key", seeded.credentials.key, "--secret", "wrong"]),
        "NotAuthenticated: Invalid API key or secret"
      )
      refused(await dsar(["requests", "list", "--url", running.url]), "--key (or DSAR_API_KEY) is required with --url")
    } finally {
      await running.stop()
    }
  })

  it("on a data directory, --org is required and must name an organisation there; bad option values are refused", async () => {
    const dataDir = tempDataDir()
    refused(
      await dsar(["requests", "list", "--data-dir", dataDir]),
      "--org (or DSAR_ORGANIZATION_ID) is required on a data directory"
    )
    refused(
      await dsar(["requests", "list", "--data-dir", dataDir, "--org", "org_missing"]),
      "No organisation org_missing here"
    )
    refused(
      await dsar([
        "requests",
        "patch",
        "req_1",
        "--metadata",
        "not json",
        "--data-dir",
        dataDir,
        "--org",
        "org_missing"
      ]),
      "--metadata must be JSON"
    )
  })
})
