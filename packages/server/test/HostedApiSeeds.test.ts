import { createRequestExample, createRequestWithApprovalExample, patchRequestExample } from "@dsar/domain"
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import { newOrganization } from "./support/Organizations.js"
import { accessToken, clientFor, TestApp } from "./support/TestApp.js"

// The walk-through of the hosted API's Requests page, over real HTTP, through a client derived
// from the contract: open a session, create, list, get, update.
layer(TestApp())("the hosted API's seed payloads, sent verbatim with a session token", (it) => {
  it.effect("POST /dsar/requests creates the request as the seed describes it", () =>
    Effect.gen(function*() {
      const org = yield* newOrganization()
      const client = yield* clientFor(org)
      const request = yield* client.requests.create({
        urlParams: { organization_id: org.organization_id },
        payload: createRequestExample as never
      })
      expect(request).toMatchObject({
        organization_id: org.organization_id,
        organization_user_id: "organization_user_id",
        status: "verified",
        user_right_id: "cpra_access_my_data",
        regulation_id: "cpra",
        domain: null,
        source: { type: "DSAR", country: "US", key: null, deployment_id: null },
        request_fields: [{ field_id: "email", value: "email@address.com", field: { id: "email", usage: "auth" } }]
      })
      expect(request.expires_at.getTime() - request.created_at.getTime()).toBe(45 * 86_400_000)
    }))

  it.effect("an unverified request gets an approval link in validation.approve_url", () =>
    Effect.gen(function*() {
      const org = yield* newOrganization()
      const client = yield* clientFor(org)
      const request = yield* client.requests.create({
        urlParams: { organization_id: org.organization_id },
        payload: createRequestWithApprovalExample as never
      })
      expect(request.status).toBe("unverified")
      expect(request.validation).toMatchObject({
        type: "email",
        approve_url: expect.stringMatching(/^http:\/\/localhost\/links\/[\w-]{22,}$/)
      })
    }))

  it.effect("GET /dsar/requests lists the organisation's requests, with the total in a header", () =>
    Effect.gen(function*() {
      const org = yield* newOrganization()
      const client = yield* clientFor(org)
      const created = yield* client.requests.create({ urlParams: {}, payload: createRequestExample as never })
      const listed = yield* client.requests.list({ urlParams: { organization_id: org.organization_id } })
      expect(listed.map((r) => r.id)).toEqual([created.id])
      const http = yield* HttpClient.HttpClient
      const response = yield* http.execute(
        HttpClientRequest.get("/dsar/requests").pipe(
          HttpClientRequest.setUrlParam("organization_id", org.organization_id),
          HttpClientRequest.bearerToken(yield* accessToken(org))
        )
      )
      expect(response.headers["x-total-count"]).toBe("1")
      expect(yield* response.json).toEqual([
        expect.objectContaining({ id: created.id, created_at: created.created_at.toISOString() })
      ])
    }))

  it.effect("GET /dsar/requests/{id} returns the request", () =>
    Effect.gen(function*() {
      const org = yield* newOrganization()
      const client = yield* clientFor(org)
      const created = yield* client.requests.create({ urlParams: {}, payload: createRequestExample as never })
      expect(yield* client.requests.get({ path: { id: created.id }, urlParams: {} })).toEqual(created)
    }))

  it.effect("PATCH /dsar/requests/{id} with the seed's body fulfils the request with its download link", () =>
    Effect.gen(function*() {
      const org = yield* newOrganization()
      const client = yield* clientFor(org)
      const created = yield* client.requests.create({ urlParams: {}, payload: createRequestExample as never })
      const updated = yield* client.requests.update({
        path: { id: created.id },
        urlParams: {},
        payload: patchRequestExample as never
      })
      expect(updated).toMatchObject({
        id: created.id,
        status: "fulfilled",
        extra_message_variables: { download_link: "https://files.example.org/export.zip" }
      })
      expect(yield* client.requests.get({ path: { id: created.id }, urlParams: {} })).toEqual(updated)
      const history = yield* client.requests.history({ path: { id: created.id }, urlParams: {} })
      expect(history.map((entry) => [entry.action, entry.from_status, entry.to_status, entry.actor.type])).toEqual([
        ["request.create", null, "verified", "api_key"],
        ["request.update", "verified", "fulfilled", "api_key"]
      ])
    }))
})

// GET and the list write stored requests with JSON.stringify; POST and PATCH encode theirs through
// the contract's schema. The bodies must be the same JSON, without a field more or less.
layer(TestApp())("reading a request answers the same JSON as writing it", (it) => {
  it.effect("GET and the list answer exactly the bodies POST and PATCH answered", () =>
    Effect.gen(function*() {
      const org = yield* newOrganization()
      const token = yield* accessToken(org)
      const http = (yield* HttpClient.HttpClient).pipe(HttpClient.mapRequest(HttpClientRequest.bearerToken(token)))
      const body = (request: HttpClientRequest.HttpClientRequest) =>
        Effect.flatMap(http.execute(request), (response) => response.json)
      const created = (yield* body(
        HttpClientRequest.post("/dsar/requests").pipe(
          HttpClientRequest.bodyUnsafeJson(createRequestWithApprovalExample)
        )
      )) as {
        readonly id: string
      }
      expect(yield* body(HttpClientRequest.get(`/dsar/requests/${created.id}`))).toEqual(created)
      const updated = yield* body(
        HttpClientRequest.patch(`/dsar/requests/${created.id}`).pipe(
          HttpClientRequest.bodyUnsafeJson({ status: "verified" })
        )
      )
      expect(updated).toMatchObject({ id: created.id, status: "verified" })
      expect(yield* body(HttpClientRequest.get(`/dsar/requests/${created.id}`))).toEqual(updated)
      expect(yield* body(HttpClientRequest.get("/dsar/requests"))).toEqual([updated])
    }))
})
