import { expect, layer } from "@effect/vitest"
import { createConfig, lintFromString } from "@redocly/openapi-core"
import { Effect } from "effect"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import openapiTS, { astToString } from "openapi-typescript"
import ts from "typescript"
import { onTestFinished } from "vitest"
import { get } from "./support/Http.js"
import { TestApp } from "./support/TestApp.js"

// The served document is what other tools read: a linter's recommended rules find no error in it,
// and a client generated from it by openapi-typescript types the calls a program makes.

const servedDocument = Effect.gen(function*() {
  const answer = yield* get("/openapi.json")
  expect(answer.status).toBe(200)
  return answer.text
})

/** A program written against the generated `paths`: it type-checks only if the document describes each call. */
const program = `import type { paths } from "./api.js"

type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { "application/json": infer B } }
} ? B : never
type Answer<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { "application/json": infer A } } }
} ? A : never
type Parameters<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { parameters: infer Q } ? Q
  : never

export const login: Body<"/sessions", "post"> = { type: "api-key", key: "key_1", secret: "secret" }

export const created: Body<"/dsar/requests", "post"> = {
  organization_user_id: "user-1",
  user_right_id: "cpra_access_my_data",
  status: "unverified",
  request_fields: [{ field_id: "email", value: "someone@example.org" }],
  source: { type: "DSAR", country: "US" }
}

export const change: Body<"/dsar/requests/{id}", "patch"> = {
  status: "fulfilled",
  extra_message_variables: { download_link: "https://files.example.org/export.zip" }
}

export const link: Body<"/dsar/links", "post"> = {
  action: "request.update",
  event: { status: "verified", request_id: "req_1" },
  redirect_url: "https://www.example.org/done",
  lifetime: 900
}

export const one: Parameters<"/dsar/requests/{id}", "get"> = { path: { id: "req_1" }, query: { organization_id: "org_1" } }

export const filters: Parameters<"/dsar/requests", "get"> = {
  query: {
    status: ["verified"],
    "user_right_id[$in]": ["cpra_access_my_data", "cpra_delete_my_data"],
    "created_at[$gte]": "2026-01-01T00:00:00.000Z",
    "$sort[expires_at]": 1,
    $limit: 10
  }
}
export const total = (answer: Answer<"/dsar/requests", "get", 200>): number => answer.length

export const statusOf = (request: Answer<"/dsar/requests/{id}", "get", 200>): string => request.status
export const variablesOf = (request: Answer<"/dsar/requests/{id}", "get", 200>): Record<string, string> =>
  request.extra_message_variables
export const reasonOf = (refusal: Answer<"/dsar/requests/{id}", "patch", 409>): string =>
  refusal.errors.map((error) => error.path + " " + error.message).join("; ")
export const healthOf = (refusal: Answer<"/health", "get", 503>): 503 => refusal.code
`

const typeErrors = (directory: string): ReadonlyArray<string> => {
  const files = [join(directory, "api.ts"), join(directory, "program.ts")]
  const compiler = ts.createProgram(files, {
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    types: []
  })
  return ts.getPreEmitDiagnostics(compiler).map((diagnostic) =>
    `${diagnostic.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`
  )
}

layer(TestApp({ cheapHashing: true }))("the served OpenAPI document, read by other tools", (it) => {
  it.effect("Redocly's recommended rules find no error in it", () =>
    Effect.gen(function*() {
      const source = yield* servedDocument
      const problems = yield* Effect.promise(async () =>
        lintFromString({
          source,
          absoluteRef: "openapi.json",
          config: await createConfig({ extends: ["recommended"] })
        })
      )
      const errors = problems
        .filter((problem) => problem.severity === "error")
        .map((problem) => `${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer ?? ""}`)
      expect(errors).toEqual([])
    }))

  it.effect(
    "a client generated from it by openapi-typescript types every call of a program",
    () =>
      Effect.gen(function*() {
        const source = yield* servedDocument
        const types = yield* Effect.promise(async () => astToString(await openapiTS(source)))
        const directory = mkdtempSync(join(tmpdir(), "dsar-openapi-ts-"))
        onTestFinished(() => rmSync(directory, { recursive: true, force: true }))
        writeFileSync(join(directory, "api.ts"), types)
        writeFileSync(join(directory, "program.ts"), program)
        expect(typeErrors(directory)).toEqual([])
        // The program can fail: a call the document does not describe is a type error.
        writeFileSync(
          join(directory, "program.ts"),
          `${program}\nexport const wrong: Body<"/dsar/links", "post"> = { action: "request.delete" }\n`
        )
        expect(typeErrors(directory).length).toBeGreaterThan(0)
        // A filter the list does not take is one too: its parameters are declared, with their values.
        writeFileSync(
          join(directory, "program.ts"),
          `${program}\nexport const bogus: Parameters<"/dsar/requests", "get"> = { query: { status: ["bogus"] } }\n`
        )
        expect(typeErrors(directory).length).toBeGreaterThan(0)
      }),
    120_000
  )
})
