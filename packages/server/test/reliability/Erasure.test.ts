import { createRequestExample } from "@dsar/domain"
import { execFileSync } from "node:child_process"
import { randomBytes } from "node:crypto"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { postgresAvailable, temporaryDatabase } from "../support/Postgres.js"
import { serve, tempDataDir } from "../support/Process.js"
import { authorized, demoSession } from "../support/Session.js"
import { record } from "./support/Tally.js"

// Erasure by file search: after `DELETE /dsar/requests/{id}`, none of the values the request
// carried is anywhere in the database's files: not in a row, an index, free space or the
// write-ahead log (SQLite), nor in a dead row version (PostgreSQL, once vacuumed and
// checkpointed). The same search finds every value before the erasure, so it can fail.

interface Store {
  readonly name: string
  readonly run: boolean
  readonly open: () => {
    readonly env: Record<string, string>
    readonly files: () => ReadonlyArray<string>
    readonly close: () => void
  }
}

const filesUnder = (directory: string): ReadonlyArray<string> =>
  readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(directory, entry.name)) : [join(directory, entry.name)]
  )

const stores: ReadonlyArray<Store> = [
  {
    name: "SQLite",
    run: true,
    open: () => ({ env: {}, files: () => [], close: () => {} })
  },
  {
    name: "PostgreSQL",
    run: postgresAvailable,
    open: () => {
      const database = temporaryDatabase()
      const psql = (sql: string) =>
        execFileSync("psql", [database.url, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql], { encoding: "utf8" }).trim()
      return {
        // PostgreSQL gets a demo organisation only when asked for one.
        env: { DATABASE_URL: database.url, DEMO_ORGANIZATION: "true" },
        // Every file of the database (tables, indexes, TOAST, free space maps), flushed first.
        files: () => {
          psql("CHECKPOINT")
          const directory = psql(
            "SELECT current_setting('data_directory') || '/base/' || oid FROM pg_database WHERE datname = current_database()"
          )
          return filesUnder(directory)
        },
        close: database.drop
      }
    }
  }
]

const holding = (files: ReadonlyArray<string>, values: ReadonlyArray<string>) =>
  values.filter((value) =>
    files.some((file) => existsSync(file) && readFileSync(file).includes(Buffer.from(value, "utf8")))
  )

describe.each(stores)("erasure by file search, $name", (store) => {
  it.runIf(store.run)("no byte of the database holds an erased request's values", { timeout: 120_000 }, async () => {
    const database = store.open()
    const dataDir = tempDataDir()
    // No SMTP server answers: the approval email stays queued, so its link's token stays stored
    // (delivering it would remove it) and the search before the erasure finds it.
    const server = await serve(dataDir, { ...database.env, SMTP_URL: "smtp://127.0.0.1:9" })
    const files = () => [...database.files(), join(dataDir, "dsar.sqlite"), join(dataDir, "dsar.sqlite-wal")]
    try {
      const mark = randomBytes(6).toString("hex")
      const values = {
        user: `erasee-${mark}@example.org`,
        email: `field-${mark}@example.org`,
        metadata: `metadata-${mark}`,
        changed: `changed-${mark}`,
        variable: `variable-${mark}`,
        note: `note-${mark}`
      }
      const api = authorized(server.url, await demoSession(server.output().stdout).token(server.url))
      const created = await api("POST", "/dsar/requests", {
        organization_user_id: values.user,
        user_right_id: "cpra_delete_my_data",
        status: "unverified",
        request_fields: [{ field_id: "email", value: values.email }],
        user: { email: values.email, metadata: { about: values.metadata }, id: `user-${mark}`, country: "FR" },
        metadata: { about: values.metadata },
        extra_message_variables: { greeting: values.variable },
        source: { type: "DSAR", country: "FR" }
      })
      expect(created.status).toBe(201)
      const id: string = created.body.id
      const token = new URL(created.body.validation.approve_url).pathname.split("/").at(-1)!
      expect((await api("PATCH", `/dsar/requests/${id}`, { metadata: { about: values.changed } })).status).toBe(200)
      expect((await api("POST", "/dsar/requests/notes", { request_id: id, value: values.note })).status).toBe(201)
      // Another requester's request stays as it was.
      const kept = await api("POST", "/dsar/requests", createRequestExample)
      expect(kept.status).toBe(201)
      const searched = [...Object.values(values), token]
      expect(holding(files(), searched)).toEqual(searched)

      const erased = await api("DELETE", `/dsar/requests/${id}`)
      expect(erased.status).toBe(200)
      expect(erased.body).toMatchObject({
        id,
        status: "unverified",
        organization_user_id: "erased",
        metadata: {},
        request_fields: [],
        validation: { approve_url: null },
        erasure: { by: { type: "api_key" } }
      })
      expect((await api("GET", `/dsar/requests/${id}`)).body).toEqual(erased.body)
      const history = (await api("GET", `/dsar/requests/${id}/history`)).body as ReadonlyArray<{ action: string }>
      expect(history.map((entry) => entry.action)).toEqual(["request.create", "request.update", "request.erase"])
      expect(JSON.stringify(history)).not.toContain(mark)
      expect((await api("GET", `/dsar/requests/notes?request_id=${id}`)).body).toEqual([])
      expect((await api("PATCH", `/dsar/requests/${id}`, { status: "verified" })).status).toBe(409)

      const left = holding(files(), searched)
      record(`erasure by file search (${store.name})`, { inputs: searched.length, losses: left.length })
      expect(left).toEqual([])
      expect((await api("GET", `/dsar/requests/${kept.body.id}`)).body).toEqual(kept.body)
    } finally {
      await server.stop()
      database.close()
    }
  })
})
