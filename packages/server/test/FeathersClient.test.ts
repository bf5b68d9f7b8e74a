import { feathers } from "@feathersjs/feathers"
// A CommonJS module whose exports are the function itself with `default` pointing back to it:
// `.default` is the function under every interop.
import restClient from "@feathersjs/rest-client"
import { rmSync } from "node:fs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { demoCredentials, type Running, serve, tempDataDir } from "./support/Process.js"

// The hosted API's own client, `@feathersjs/rest-client` over `fetch`, driving a real `dsar serve`
// as code written for the hosted API would: it writes every query with `qs` (`[$in][0]=...`), and
// refusals come back as Feathers errors.

interface Listed {
  readonly id: string
  readonly status: string
  readonly user_right_id: string
  readonly organization_user_id: string
  readonly source_id: string
  readonly validation_id: string | null
  readonly created_at: string
  readonly updated_at: string
  readonly expires_at: string
}

interface Refusal {
  readonly code: number
  readonly name: string
  readonly errors: ReadonlyArray<{ readonly path: string; readonly message: string }>
}

const newRequest = (overrides: Record<string, unknown> = {}) => ({
  organization_user_id: "alice@example.org",
  user_right_id: "cpra_access_my_data",
  status: "verified",
  request_fields: [{ field_id: "email", value: "alice@example.org" }],
  source: { type: "DSAR", country: "US" },
  ...overrides
})

const refusalOf = (promise: Promise<unknown>): Promise<Refusal> =>
  promise.then(
    (value) => {
      throw new Error(`expected a refusal, got ${JSON.stringify(value)}`)
    },
    (error: Refusal) => error
  )

describe("the hosted API's Feathers client against dsar serve", () => {
  const dataDir = tempDataDir()
  let running: Running
  let credentials: { readonly key: string; readonly secret: string }

  /** A Feathers app as a hosted-API user sets one up, sending `token` on every call. */
  const client = (token?: string) => {
    const app = feathers()
    app.configure(
      restClient.default(running.url).fetch(
        fetch,
        token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }
      )
    )
    return app
  }
  const signedIn = async () => {
    const session = (await client().service("v1/sessions").create({ type: "api-key", ...credentials })) as {
      readonly access_token: string
    }
    return client(session.access_token)
  }

  beforeAll(async () => {
    running = await serve(dataDir, { SMTP_URL: "smtp://127.0.0.1:9" })
    const { key, secret } = demoCredentials(running.output().stdout)
    credentials = { key, secret }
  }, 60_000)
  afterAll(async () => {
    await running?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it("opens and ends sessions: the ended session's token is refused, a wrong secret is NotAuthenticated", async () => {
    const session = (await client().service("sessions").create({ type: "api-key", ...credentials })) as {
      readonly access_token: string
    }
    const app = client(session.access_token)
    expect(await app.service("dsar/user-rights").find()).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: "cpra_access_my_data" })])
    )
    await app.service("sessions").remove(null)
    expect(await refusalOf(app.service("dsar/user-rights").find())).toMatchObject({
      code: 401,
      name: "NotAuthenticated"
    })
    expect(
      await refusalOf(client().service("sessions").create({ type: "api-key", key: credentials.key, secret: "wrong" }))
    ).toMatchObject({ code: 401, name: "NotAuthenticated" })
  })

  it("creates, gets and patches a request; adds and lists notes; creates a link", async () => {
    const app = await signedIn()
    const requests = app.service("dsar/requests")
    const created = (await requests.create(newRequest({ status: "unverified" }))) as Listed
    expect(created).toMatchObject({ status: "unverified", user_right_id: "cpra_access_my_data" })
    expect(await requests.get(created.id)).toEqual(created)
    const patched = (await requests.patch(created.id, { status: "verified", metadata: { ticket: 7 } })) as Listed
    expect(patched).toMatchObject({ id: created.id, status: "verified", metadata: { ticket: 7 } })
    expect(await refusalOf(requests.patch(created.id, { status: "bogus" }))).toMatchObject({ code: 400 })
    expect(await refusalOf(requests.get("req_unknown"))).toMatchObject({ code: 404, name: "NotFound" })

    const notes = app.service("dsar/requests/notes")
    const note = await notes.create({ request_id: created.id, value: "Called the requester" })
    expect(note).toMatchObject({ request_id: created.id, value: "Called the requester" })
    expect(await notes.find({ query: { request_id: created.id } })).toEqual([note])

    const link = (await app.service("dsar/links").create({
      action: "request.update",
      event: { status: "work_in_progress", request_id: created.id },
      redirect_url: "https://www.example.org/privacy/confirmed",
      lifetime: 900
    })) as { readonly url: string; readonly used_at: null }
    expect(link.used_at).toBeNull()
    expect(link.url).toMatch(/\/links\//)
  })

  it("finds with every operator of the query language, as the client writes it", async () => {
    const app = await signedIn()
    const requests = app.service("dsar/requests")
    // An organisation of its own would need the CLI: this one's other requests are told apart by user.
    const user = "finder@example.org"
    const make = async (overrides: Record<string, unknown>) =>
      (await requests.create(newRequest({ organization_user_id: user, ...overrides }))) as Listed
    const a = await make({ status: "verified" })
    const b = await make({ status: "fulfilled", user_right_id: "cpra_opt_out" })
    const c = await make({ status: "unverified" })
    const d = await make({ status: "refused", user_right_id: "cpra_delete_my_data" })
    const mine = { organization_user_id: user }
    const ids = async (query: Record<string, unknown>) =>
      ((await requests.find({ query: { ...mine, $sort: { id: 1 }, ...query } })) as ReadonlyArray<Listed>).map((r) =>
        r.id
      )
    const sorted = (...listed: ReadonlyArray<Listed>) => listed.map((r) => r.id).sort()

    expect(await ids({})).toEqual(sorted(a, b, c, d))
    expect(await ids({ status: "verified" })).toEqual([a.id])
    expect(await ids({ status: { $in: ["verified", "fulfilled"] } })).toEqual(sorted(a, b))
    expect(await ids({ status: { $nin: ["verified", "fulfilled"] } })).toEqual(sorted(c, d))
    expect(await ids({ status: { $ne: "refused" } })).toEqual(sorted(a, b, c))
    expect(await ids({ user_right_id: { $in: ["cpra_opt_out", "cpra_delete_my_data"] } })).toEqual(sorted(b, d))
    expect(await ids({ regulation_id: "cpra" })).toEqual(sorted(a, b, c, d))
    expect(await ids({ id: b.id })).toEqual([b.id])
    expect(await ids({ id: { $gt: a.id } })).toEqual(sorted(b, c, d))
    expect(await ids({ id: { $gte: b.id, $lte: c.id } })).toEqual(sorted(b, c))
    expect(await ids({ id: { $lt: b.id } })).toEqual([a.id])
    expect(await ids({ source_id: c.source_id })).toEqual([c.id])
    expect(await ids({ validation_id: c.validation_id })).toEqual([c.id])
    expect(await ids({ validation_id: "null" })).toEqual(sorted(a, b, d))
    expect(await ids({ created_at: { $gte: b.created_at, $lt: d.created_at } })).toEqual(sorted(b, c))
    expect(await ids({ created_at: { $gt: c.created_at } })).toEqual([d.id])
    expect(await ids({ created_at: new Date(a.created_at) })).toEqual([a.id])
    expect(await ids({ updated_at: { $lte: a.updated_at } })).toEqual([a.id])
    expect(await ids({ expires_at: { $lt: a.expires_at } })).toEqual([b.id])
    expect(await ids({ $or: [{ status: "verified" }, { user_right_id: "cpra_opt_out" }] })).toEqual(sorted(a, b))
    expect(
      await ids({
        $and: [{ $or: [{ status: "unverified" }, { status: "refused" }] }, {
          user_right_id: { $ne: "cpra_delete_my_data" }
        }]
      })
    ).toEqual([c.id])

    const newestFirst = [d, c, b, a].map((r) => r.id)
    expect(await requests.find({ query: mine })).toMatchObject(newestFirst.map((id) => ({ id })))
    const bySort = (await requests.find({
      query: { ...mine, $sort: { user_right_id: 1, created_at: -1 } }
    })) as ReadonlyArray<Listed>
    expect(bySort.map((r) => r.id)).toEqual([c.id, a.id, d.id, b.id])
    expect(await requests.find({ query: { ...mine, $limit: 2, $skip: 1 } })).toMatchObject([{ id: c.id }, { id: b.id }])
    expect(await requests.find({ query: { ...mine, $limit: 0 } })).toEqual([])
    expect(await requests.find({ query: { ...mine, $select: ["status"], $sort: { created_at: 1 } } })).toEqual([
      { id: a.id, status: "verified" },
      { id: b.id, status: "fulfilled" },
      { id: c.id, status: "unverified" },
      { id: d.id, status: "refused" }
    ])
  })

  it("is refused with a Feathers BadRequest naming each parameter as the client wrote it", async () => {
    const requests = (await signedIn()).service("dsar/requests")
    const refusal = await refusalOf(
      requests.find({
        query: { status: { $in: ["verified", "bogus"] }, created_at: { $gte: "yesterday" }, $colour: 1 }
      })
    )
    expect(refusal).toMatchObject({ code: 400, name: "BadRequest" })
    expect(refusal.errors.map((error) => error.path)).toEqual(["status[$in][1]", "created_at[$gte]", "$colour"])
    expect(refusal.errors[0]!.message).toBe(
      "must be one of unverified, verified, work_in_progress, fulfilled, refused, archived; received \"bogus\""
    )
  })
})
