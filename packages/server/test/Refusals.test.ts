import { createRequestExample } from "@dsar/domain"
import { Outbox } from "@dsar/http"
import { layer } from "@effect/vitest"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { everyStore, type OnStore } from "./support/EveryStore.js"
import { patch, tenant } from "./support/Http.js"
import { TestApp } from "./support/TestApp.js"

// Issue 16: a refusal says why. Without a reason it is a 400 naming what is missing, and nothing
// changes; with one, the reason is stored on the request, in its history and in its email.

describe.each(everyStore)("refusing a request, $name", (store) => {
  let on: OnStore
  beforeAll(async () => {
    on = await store.start()
  })
  afterAll(() => on.stop())

  const opened = async () => {
    const [call] = on.through
    const created = await call!("POST", "/dsar/requests", { ...createRequestExample, status: "verified" })
    expect(created.status).toBe(201)
    const id: string = created.body.id
    const stored = async () => ({
      request: (await call!("GET", `/dsar/requests/${id}`)).body,
      history: (await call!("GET", `/dsar/requests/${id}/history`)).body,
      // Which emails exist, not how their delivery goes on meanwhile (the receipt may be sent).
      emails: (await call!("GET", `/dsar/requests/${id}/emails`)).body.map((email: { id: string; kind: string }) => ({
        id: email.id,
        kind: email.kind
      }))
    })
    return { call: call!, id, stored }
  }

  it("without a reason, or with other and no text, is a 400 naming what is missing, and nothing changes", async () => {
    const { call, id, stored } = await opened()
    const before = await stored()
    for (
      const [body, path] of [
        [{ status: "refused" }, "refusal"],
        [{ status: "refused", metadata: { note: "kept?" } }, "refusal"],
        [{ status: "refused", refusal: { reason: "other" } }, "refusal.details"],
        [{ status: "refused", refusal: { reason: "because" } }, "refusal.reason"],
        [{ status: "work_in_progress", refusal: { reason: "exempt" } }, "refusal"]
      ] as const
    ) {
      const answer = await call("PATCH", `/dsar/requests/${id}`, body)
      expect(answer.status, JSON.stringify(body)).toBe(400)
      expect(answer.body.errors.map((issue: { path: string }) => issue.path), JSON.stringify(body)).toContain(path)
    }
    expect(await stored()).toEqual(before)
  })

  it("with a reason, stores it on the request and in the history, and emails the requester", async () => {
    const { call, id, stored } = await opened()
    const refusal = { reason: "manifestly_unfounded_or_excessive", details: "The fourth request this week." }
    const answer = await call("PATCH", `/dsar/requests/${id}`, { status: "refused", refusal })
    expect(answer.status).toBe(200)
    expect([answer.body.status, answer.body.refusal]).toEqual(["refused", refusal])
    const after = await stored()
    expect(after.request).toEqual(answer.body)
    expect(after.history.at(-1)).toMatchObject({
      from_status: "verified",
      to_status: "refused",
      changes: [{ field: "status", from: "verified", to: "refused" }, { field: "refusal", from: null, to: refusal }]
    })
    // The receipt, sent as the request was created verified (decision 0024), then the refusal.
    expect(after.emails.map((email: { kind: string }) => email.kind)).toEqual(["receipt", "status_notice"])
    // The evidence record carries the reason the requester was told.
    expect((await call("GET", `/dsar/requests/${id}/evidence`)).body.refusal).toEqual(refusal)
    // Asking again changes nothing: the reason stays the one the requester was told.
    const again = await call("PATCH", `/dsar/requests/${id}`, { status: "refused", refusal: { reason: "exempt" } })
    expect([again.status, again.body]).toEqual([200, answer.body])
  })
})

layer(TestApp({ cheapHashing: true }))("the refusal email", (it) => {
  it.effect("is queued with the reason and the request's regulation, which says what else it must tell", () =>
    Effect.gen(function*() {
      const { createRequest, token } = yield* tenant()
      const created = yield* createRequest({ status: "verified" })
      const refusal = { reason: "exempt", details: "Trade secrets." }
      expect((yield* patch(`/dsar/requests/${created.id}`, { status: "refused", refusal }, token)).status).toBe(
        200
      )
      const due = yield* Effect.flatMap(Outbox, (outbox) => outbox.due(new Date(8.64e15), 100))
      const notice = due.find((message) => message.request_id === created.id && message.kind === "status_notice")
      expect(notice?.variables).toMatchObject({ status: "refused", refusal, regulation_id: "cpra" })
    }))
})
