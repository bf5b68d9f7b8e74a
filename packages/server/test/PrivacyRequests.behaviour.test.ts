import {
  CreateLink,
  createLinkExample,
  CreateRequest,
  createRequestExample,
  createRequestWithApprovalExample,
  PatchRequest,
  RequestId,
  userRights
} from "@dsar/domain"
import { Outbox, PrivacyRequests, type PrivacyRequestsError, type PrivacyRequestsShape } from "@dsar/http"
import { expect, layer } from "@effect/vitest"
import { Chunk, Context, Duration, Effect, Either, Layer, Schema, Stream, TestClock } from "effect"
import { type Implementation, inProcess, remote } from "./support/Clients.js"
import { newOrganization } from "./support/Organizations.js"
import { TestApp } from "./support/TestApp.js"

// One behaviour suite, run against both implementations of `PrivacyRequests`: in this process
// over the stores, and over HTTP to this project's server on loopback. The same calls must give
// the same results and fail with the same errors.

const newRequest = (overrides: Record<string, unknown> = {}) =>
  Schema.decodeUnknownSync(CreateRequest)({ ...createRequestExample, ...overrides })
const newLink = (request_id: string, status: string) =>
  Schema.decodeUnknownSync(CreateLink)({ ...createLinkExample, event: { status, request_id } })
const patch = (input: Record<string, unknown>) => Schema.decodeUnknownSync(PatchRequest)(input)
const unknownId = RequestId.make("req_00000000000000000000000000")

/** A client of `implementation`, for a new organisation, open until the test ends. */
const connect = (implementation: Implementation, name: string) =>
  Effect.gen(function*() {
    const credentials = yield* newOrganization(name)
    return Context.get(yield* Layer.build(implementation.connect(credentials)), PrivacyRequests)
  })

/** The error a call fails with (the test fails if it succeeds). */
const failure = <A>(call: Effect.Effect<A, PrivacyRequestsError>) => Effect.flip(call)

const pathsOf = (error: PrivacyRequestsError) => ("errors" in error ? error.errors.map((issue) => issue.path) : [])

const idsOf = (requests: Iterable<{ readonly id: string }>) => Array.from(requests, (request) => request.id)

const all = (requests: PrivacyRequestsShape) => Effect.map(Stream.runCollect(requests.listAll()), Chunk.toReadonlyArray)

const suite = (implementation: Implementation) =>
  layer(TestApp({ cheapHashing: true }))(`PrivacyRequests, ${implementation.name}`, (it) => {
    it.scoped("create answers the stored request, and get reads it back unchanged", () =>
      Effect.gen(function*() {
        const requests = yield* connect(implementation, "Create")
        const created = yield* requests.create(newRequest())
        expect(created).toMatchObject({
          status: "verified",
          user_right_id: "cpra_access_my_data",
          regulation_id: "cpra",
          domain: null
        })
        expect(created.request_fields.map((field) => [field.field_id, field.value])).toEqual([[
          "email",
          "email@address.com"
        ]])
        expect(yield* requests.get(created.id)).toEqual(created)
      }))

    it.scoped("an unknown id and another organisation's request are the same NotFound, and the other request stays as it was", () =>
      Effect.gen(function*() {
        const a = yield* connect(implementation, "A")
        const b = yield* connect(implementation, "B")
        const theirs = yield* b.create(newRequest())
        for (const id of [unknownId, theirs.id]) {
          const errors = [
            yield* failure(a.get(id)),
            yield* failure(a.patch(id, patch({ status: "archived" }))),
            yield* failure(a.addNote({ request_id: id, value: "Called" })),
            yield* failure(a.listNotes(id)),
            yield* failure(a.createLink(newLink(id, "fulfilled"))),
            yield* failure(a.emails(id)),
            yield* failure(a.retryEmail(id, "msg_any"))
          ]
          expect(errors.map((error) => [error._tag, error.message])).toEqual(
            Array(7).fill(["NotFound", `No request with id ${id}`])
          )
        }
        expect(yield* b.get(theirs.id)).toEqual(theirs)
        expect(yield* b.listNotes(theirs.id)).toEqual([])
        expect((yield* a.list()).total).toBe(0)
      }))

    it.scoped("emails lists the request's emails with their state; retryEmail queues a failed one again, once", () =>
      Effect.gen(function*() {
        const requests = yield* connect(implementation, "Emails")
        const created = yield* requests.create(newRequest(createRequestWithApprovalExample))
        const [approval] = yield* requests.emails(created.id)
        expect(approval).toMatchObject({
          request_id: created.id,
          kind: "approval",
          state: "pending",
          attempts: 0,
          failed_at: null
        })
        expect(JSON.stringify(approval)).not.toContain("@")
        expect(yield* failure(requests.retryEmail(created.id, approval!.id))).toMatchObject({ _tag: "Conflict" })
        // The delivery worker gives it up (no worker runs here: the outbox is told directly).
        yield* (yield* Outbox).markUndeliverable(approval!.id, { at: new Date(), error: "550 mailbox unavailable" })
        expect(yield* requests.emails(created.id)).toMatchObject([{
          id: approval!.id,
          state: "failed",
          attempts: 1,
          last_error: "550 mailbox unavailable"
        }])
        expect(yield* requests.retryEmail(created.id, approval!.id)).toMatchObject({
          id: approval!.id,
          state: "pending",
          attempts: 0,
          failed_at: null
        })
        expect(yield* requests.emails(created.id)).toMatchObject([{ state: "pending", attempts: 0 }])
        expect(yield* failure(requests.retryEmail(created.id, approval!.id))).toMatchObject({ _tag: "Conflict" })
        expect(yield* failure(requests.retryEmail(created.id, "msg_unknown"))).toMatchObject({
          _tag: "NotFound",
          message: "No email with id msg_unknown"
        })
        expect(yield* failure(requests.retryEmail(created.id, ""))).toMatchObject({ _tag: "BadRequest" })
      }))

    it.scoped("evidence answers the request's record: its history in the chain, its emails, the chain intact", () =>
      Effect.gen(function*() {
        const requests = yield* connect(implementation, "Evidence")
        const created = yield* requests.create(newRequest(createRequestWithApprovalExample))
        const record = yield* requests.evidence(created.id)
        expect(record.request).toEqual(created)
        expect(record.history.map((entry) => [entry.action, entry.to_status])).toEqual([[
          "request.create",
          "unverified"
        ]])
        expect(record.emails).toEqual(yield* requests.emails(created.id))
        expect(record.link_confirmations).toEqual([])
        expect(record.deadline).toEqual({
          received_at: created.created_at,
          first_expires_at: created.expires_at,
          extensions: [],
          expires_at: created.expires_at,
          overdue: false
        })
        // Unverified still: the CPRA asks for the receipt, which waits for the requester's confirmation.
        expect(record.receipt).toMatchObject({ asked: true, confirmed_at: null })
        expect(record.refusal).toBeNull()
        expect(record.chain).toMatchObject({ intact: true, head: { hash: record.history[0]!.hash }, first_break: null })
        expect(yield* failure(requests.evidence(RequestId.make("req_unknown")))).toMatchObject({ _tag: "NotFound" })
      }))

    it.scoped("list gives one page and the total, with the API's filters, $limit and $skip", () =>
      Effect.gen(function*() {
        const requests = yield* connect(implementation, "List")
        const optOuts = yield* Effect.forEach(
          [1, 2, 3],
          () => requests.create(newRequest({ user_right_id: "cpra_opt_out" }))
        )
        const accesses = yield* Effect.forEach([1, 2], () => requests.create(newRequest({ status: "fulfilled" })))
        const everything = yield* requests.list({ $limit: 100 })
        expect(everything.total).toBe(5)
        expect(idsOf(everything.items).sort()).toEqual(idsOf([...optOuts, ...accesses]).sort())

        const first = yield* requests.list({ $limit: 2 })
        expect([idsOf(first.items), first.total]).toEqual([idsOf(everything.items).slice(0, 2), 5])
        expect(idsOf((yield* requests.list({ $limit: 2, $skip: 4 })).items)).toEqual(idsOf(everything.items).slice(4))
        const filtered = yield* requests.list({ user_right_id: ["cpra_opt_out"] })
        expect([idsOf(filtered.items).sort(), filtered.total]).toEqual([idsOf(optOuts).sort(), 3])
        expect((yield* requests.list({ status: { $in: ["fulfilled", "refused"] } })).total).toBe(2)
        const byRight = yield* requests.list({ $sort: { user_right_id: -1 } })
        expect(byRight.items.map((request) => request.user_right_id)).toEqual([
          ...Array(3).fill("cpra_opt_out"),
          ...Array(2).fill("cpra_access_my_data")
        ])
      }))

    it.scoped("listAll reads every page: 105 requests, more than the API's largest page, each once, in the listing's order", () =>
      Effect.gen(function*() {
        const requests = yield* connect(implementation, "Many")
        yield* Effect.forEach(Array.from({ length: 105 }), () => requests.create(newRequest()), { concurrency: 8 })
        const pages = [
          ...(yield* requests.list({ $limit: 100 })).items,
          ...(yield* requests.list({ $limit: 100, $skip: 100 })).items
        ]
        const streamed = yield* all(requests)
        expect(streamed).toHaveLength(105)
        expect(idsOf(streamed)).toEqual(idsOf(pages))
        expect(yield* Stream.runCount(requests.listAll({ status: ["refused"] }))).toBe(0)
      }))

    it.scoped("patch applies an allowed change; the current status is a no-op; a forbidden change is a Conflict and changes nothing", () =>
      Effect.gen(function*() {
        const requests = yield* connect(implementation, "Patch")
        const created = yield* requests.create(newRequest())
        const working = yield* requests.patch(
          created.id,
          patch({ status: "work_in_progress", metadata: { ticket: 42 } })
        )
        expect([working.status, working.metadata]).toEqual(["work_in_progress", { ticket: 42 }])
        expect(yield* requests.patch(created.id, patch({ status: "work_in_progress" }))).toEqual(working)

        const refused = yield* failure(
          requests.patch(created.id, patch({ status: "verified", metadata: { ticket: 43 } }))
        )
        expect(refused._tag).toBe("Conflict")
        expect(refused.message).toContain("fulfilled, refused, archived")
        expect(pathsOf(refused)).toEqual(["status"])
        expect(yield* requests.get(created.id)).toEqual(working)
      }))

    it.scoped("bad input is a BadRequest naming what is wrong, and nothing is stored", () =>
      Effect.gen(function*() {
        const requests = yield* connect(implementation, "Bad input")
        const created = yield* requests.create(newRequest())
        const refusals = [
          yield* failure(requests.create(newRequest({ request_fields: [{ field_id: "shoe_size", value: "44" }] }))),
          yield* failure(requests.create({ ...newRequest(), organization_user_id: " " } as unknown as CreateRequest)),
          yield* failure(
            requests.patch(created.id, { extra_message_variables: { download_link: "http://files.example.org/x.zip" } })
          ),
          yield* failure(requests.addNote({ request_id: created.id, value: " padded " })),
          yield* failure(requests.list({ $limit: -1 })),
          yield* failure(requests.createLink({ ...newLink(created.id, "fulfilled"), lifetime: 5 })),
          yield* failure(requests.get(" " as RequestId)),
          yield* failure(requests.patch(created.id, { status: "done" } as unknown as PatchRequest))
        ]
        expect(refusals.map((error) => [error._tag, pathsOf(error)])).toEqual([
          ["BadRequest", ["request_fields.shoe_size"]],
          ["BadRequest", ["organization_user_id"]],
          ["BadRequest", ["extra_message_variables.download_link"]],
          ["BadRequest", ["value"]],
          ["BadRequest", ["$limit"]],
          ["BadRequest", ["lifetime"]],
          ["BadRequest", ["id"]],
          ["BadRequest", ["status"]]
        ])
        for (const error of refusals) expect(error.message.length).toBeGreaterThan(0)
        expect(idsOf(yield* all(requests))).toEqual([created.id])
        expect(yield* requests.get(created.id)).toEqual(created)
        expect(yield* requests.listNotes(created.id)).toEqual([])
      }))

    it.scoped("notes are listed oldest first, each as added", () =>
      Effect.gen(function*() {
        const requests = yield* connect(implementation, "Notes")
        const created = yield* requests.create(newRequest())
        const first = yield* requests.addNote({ request_id: created.id, value: "Called the requester" })
        const second = yield* requests.addNote({ request_id: created.id, value: "Sent the export" })
        expect(first).toMatchObject({
          request_id: created.id,
          value: "Called the requester",
          organization_id: created.organization_id
        })
        expect(yield* requests.listNotes(created.id)).toEqual([first, second])
      }))

    it.scoped("createLink makes a link for an event the lifecycle allows, and refuses one it forbids with a Conflict", () =>
      Effect.gen(function*() {
        const requests = yield* connect(implementation, "Links")
        const created = yield* requests.create(newRequest())
        const link = yield* requests.createLink(newLink(created.id, "fulfilled"))
        expect(link).toMatchObject({
          action: "request.update",
          event: { status: "fulfilled", request_id: created.id },
          lifetime: 900,
          used_at: null
        })
        expect(link.expires_at.getTime() - link.created_at.getTime()).toBe(900_000)
        expect(link.url).toMatch(/^http:\/\/localhost\/links\/[A-Za-z0-9_-]{43}$/)
        const refused = yield* failure(requests.createLink(newLink(created.id, "unverified")))
        expect([refused._tag, pathsOf(refused)]).toEqual(["Conflict", ["status"]])
        expect((yield* requests.get(created.id)).status).toBe("verified")
      }))

    it.scoped("rights is the catalogue", () =>
      Effect.gen(function*() {
        const requests = yield* connect(implementation, "Rights")
        expect(yield* requests.rights).toEqual(userRights)
      }))
  })

suite(inProcess)
suite(remote)

// ---------------------------------------------------------------------------------------------
// The same script on both, side by side: every result and every error, ids and instants aside.

const script = (requests: PrivacyRequestsShape) =>
  Effect.gen(function*() {
    const log: Array<unknown> = []
    // Each call a second after the previous one, so that orders by time are strict on both sides.
    const step = <A>(name: string, call: Effect.Effect<A, PrivacyRequestsError>) =>
      Effect.tap(Effect.either(call), (outcome) =>
        Effect.zipRight(
          Effect.sync(() =>
            log.push([
              name,
              Either.match(outcome, {
                onLeft: (error) => ({ failed: error._tag, message: error.message, paths: pathsOf(error) }),
                onRight: (value) => ({ value })
              })
            ])
          ),
          TestClock.adjust(Duration.seconds(1))
        ))
    const created = yield* step("create", requests.create(newRequest()))
    const approval = yield* step(
      "create unverified",
      requests.create(newRequest({ status: "unverified", user_right_id: "cpra_opt_out" }))
    )
    yield* step(
      "create with an unknown field",
      requests.create(newRequest({ request_fields: [{ field_id: "shoe_size", value: "44" }] }))
    )
    if (Either.isLeft(created) || Either.isLeft(approval)) return log
    const id = created.right.id
    yield* step("get", requests.get(id))
    yield* step("get unknown", requests.get(unknownId))
    yield* step("list", requests.list({ $limit: 1 }))
    yield* step("list filtered", requests.list({ status: ["unverified"], $sort: { expires_at: 1 } }))
    yield* step("list with a bad limit", requests.list({ $limit: -1 }))
    yield* step(
      "patch",
      requests.patch(
        id,
        patch({ status: "fulfilled", extra_message_variables: { download_link: "https://files.example.org/x.zip" } })
      )
    )
    yield* step("patch again", requests.patch(id, patch({ status: "fulfilled" })))
    yield* step("patch backwards", requests.patch(id, patch({ status: "verified" })))
    yield* step("link", requests.createLink(newLink(approval.right.id, "verified")))
    yield* step("link forbidden", requests.createLink(newLink(id, "verified")))
    yield* step("note", requests.addNote({ request_id: id, value: "Done" }))
    yield* step("notes", requests.listNotes(id))
    yield* step("rights", requests.rights)
    yield* step("all", Stream.runCollect(requests.listAll()))
    return log
  })

const ID = /\b([a-z]+)_[0-9a-hjkmnp-tv-z]{26}\b/g
const INSTANT = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g
const TOKEN = /\/links\/[A-Za-z0-9_-]{43}/g

const sortedKeys = (_key: string, value: unknown) =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
    : value

/** The transcript with ids numbered in order of appearance, and instants and link tokens blanked. */
const normalised = (transcript: unknown) => {
  const seen = new Map<string, string>()
  const text = JSON.stringify(transcript, sortedKeys)
    .replace(ID, (id, prefix: string) => {
      if (!seen.has(id)) seen.set(id, `${prefix}#${seen.size}`)
      return seen.get(id)!
    })
    .replace(INSTANT, "<instant>")
    .replace(TOKEN, "/links/<token>")
  return JSON.parse(text) as unknown
}

layer(TestApp({ cheapHashing: true }))("PrivacyRequests, both implementations", (it) => {
  it.scoped("the same script of calls gives the same transcript of results and errors", () =>
    Effect.gen(function*() {
      const local = yield* script(yield* connect(inProcess, "Side A"))
      const overHttp = yield* script(yield* connect(remote, "Side B"))
      expect(local).toHaveLength(17)
      expect(normalised(overHttp)).toEqual(normalised(local))
    }))
})
