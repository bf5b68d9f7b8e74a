import { describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { randomBytes } from "node:crypto"
import pg from "pg"

/** The server the PostgreSQL tests use; `DATABASE_URL` overrides it. */
export const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"

/** The URL without its password, for messages. */
const shown = (url: string) => {
  try {
    const parsed = new URL(url)
    if (parsed.password !== "") parsed.password = "***"
    return parsed.toString()
  } catch {
    return "(an unparsable DATABASE_URL)"
  }
}

/** Runs `statements` on one short-lived connection of its own. */
const execute = async (url: string, ...statements: ReadonlyArray<string>) => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 })
  await client.connect()
  try {
    for (const statement of statements) await client.query(statement)
  } finally {
    await client.end()
  }
}

/** Probed once per test file, when it is loaded. */
const probe = await execute(databaseUrl, "SELECT 1").then(
  () => ({ run: true as const }),
  (error: unknown) => ({
    run: false as const,
    reason: error instanceof Error ? error.message || error.name : String(error)
  })
)

/** Whether the PostgreSQL tests run: a server answers at `databaseUrl`. */
export const postgres: { readonly run: boolean; readonly reason?: string } = probe

/**
 * A `describe` that runs only when a server answers. Without one it is skipped with the reason
 * printed, unless `CI` is set: then it fails, so CI never passes without having run it.
 */
export const describePostgres = (name: string, body: () => void) => {
  if (probe.run) return describe(name, body)
  const message = `No PostgreSQL server answers at ${
    shown(databaseUrl)
  } (${probe.reason}); set DATABASE_URL or start one.`
  if (process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false") {
    return describe(name, () => {
      it("needs a PostgreSQL server, as CI is set", () => {
        throw new Error(message)
      })
    })
  }
  console.warn(`Skipping "${name}": ${message}`)
  return describe.skip(name, body)
}

/** `url` with its connections' `search_path` set to `schema` (and nothing else on it). */
export const withSchema = (url: string, schema: string) => {
  const parsed = new URL(url)
  const options = parsed.searchParams.get("options")
  parsed.searchParams.set("options", `${options === null ? "" : `${options} `}-c search_path=${schema}`)
  return parsed.toString()
}

/**
 * A schema of its own, created empty and dropped with everything in it when the scope closes:
 * the URL of the database with its connections confined to that schema.
 */
export const freshSchema = Effect.acquireRelease(
  Effect.promise(async () => {
    const schema = `t_${randomBytes(8).toString("hex")}`
    await execute(databaseUrl, `CREATE SCHEMA ${schema}`)
    return { schema, url: withSchema(databaseUrl, schema) }
  }),
  ({ schema }) => Effect.promise(() => execute(databaseUrl, `DROP SCHEMA ${schema} CASCADE`))
)
