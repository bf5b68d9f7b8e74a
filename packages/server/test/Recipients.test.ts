import { createRequestExample, createRequestWithApprovalExample } from "@dsar/domain"
import { Outbox } from "@dsar/http"
import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import { get, patch, post, tenant } from "./support/Http.js"
import { TestApp } from "./support/TestApp.js"

// One address per request for every email it causes, and the one the API shows: the `email` field,
// else the request's `user.email`, else the stored user's (domain `withRecipient`).

const recipientsOf = (request_id: string) =>
  Effect.flatMap(
    Outbox,
    (outbox) =>
      Effect.map(outbox.due(new Date(8.64e15), 1_000), (messages) =>
        messages.filter((message) =>
          message.request_id === request_id
        ).map((message) => [message.kind, message.to]))
  )

const emailFieldOf = (request: unknown) =>
  (request as { request_fields: Array<{ field_id: string; value: string }> }).request_fields
    .filter((field) => field.field_id === "email")
    .map((field) => field.value)

layer(TestApp({ cheapHashing: true }))("where a request's emails go", (it) => {
  it.effect("a request's approval and its notices go to the address it gave, not to the stored user's", () =>
    Effect.gen(function*() {
      const { org, token, createRequest } = yield* tenant()
      const user = { organization_user_id: "jane", request_fields: [] }
      yield* createRequest({ ...createRequestExample, ...user, user: { email: "first@example.org" } })
      const second = yield* createRequest({
        ...createRequestWithApprovalExample,
        ...user,
        user: { email: "second@example.org" }
      })
      expect(
        (yield* patch(`/dsar/requests/${second.id}?organization_id=${org}`, {
          status: "refused",
          refusal: { reason: "duplicate" }
        }, token)).status
      )
        .toBe(200)
      const sent = yield* recipientsOf(second.id)
      expect(sent.length, JSON.stringify(sent)).toBe(2)
      expect(sent.map(([, to]) => to)).toEqual(["second@example.org", "second@example.org"])
      expect(emailFieldOf((yield* get(`/dsar/requests/${second.id}`, token)).json)).toEqual(["second@example.org"])
    }))

  it.effect("a request with only user.email shows that address, and one naming no address shows the stored user's", () =>
    Effect.gen(function*() {
      const { token, createRequest } = yield* tenant()
      const first = yield* createRequest({
        ...createRequestExample,
        organization_user_id: "joe",
        request_fields: [],
        user: { email: "joe@example.org" }
      })
      expect(emailFieldOf((yield* get(`/dsar/requests/${first.id}`, token)).json)).toEqual(["joe@example.org"])
      const later = yield* createRequest({
        ...createRequestExample,
        organization_user_id: "joe",
        request_fields: [],
        user: undefined
      })
      expect(emailFieldOf(later)).toEqual(["joe@example.org"])
      const answer = yield* post("/dsar/requests", {
        ...createRequestExample,
        organization_user_id: "nobody",
        request_fields: [],
        user: undefined
      }, token)
      expect(emailFieldOf(answer.json)).toEqual([])
    }))
})
