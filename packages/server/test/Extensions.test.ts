import { defaultOrganizationSettings, latestExtendedDeadline, type Request, type UserRightId } from "@dsar/domain"
import { Outbox, renderEmail } from "@dsar/http"
import { expect, layer } from "@effect/vitest"
import { Duration, Effect, TestClock } from "effect"
import { expectError, get, pathsOf, post, snapshot, tenant } from "./support/Http.js"
import { accessToken, TestApp } from "./support/TestApp.js"

const reason = "We received an unusually large number of requests this month."

const messagesOf = (request_id: string) =>
  Effect.flatMap(
    Outbox,
    (outbox) =>
      Effect.map(outbox.due(new Date(8.64e15), 1_000), (messages) =>
        messages.filter((message) => message.request_id === request_id))
  )

layer(TestApp({ cheapHashing: true }))("deadline extensions: POST /dsar/requests/{id}/extensions", (it) => {
  it.effect(
    "an extension moves expires_at to the latest the right allows, records who and why, and emails the requester the date and the reason",
    () =>
      Effect.gen(function*() {
        const { createRequest, org, token } = yield* tenant()
        const request = yield* createRequest()
        const first = new Date(request.expires_at as string)
        const answer = yield* post(`/dsar/requests/${request.id}/extensions?organization_id=${org}`, { reason }, token)
        expect(answer.status, answer.text).toBe(200)
        const latest = latestExtendedDeadline(request.user_right_id as UserRightId, first)!
        expect((answer.json as { expires_at: string }).expires_at).toBe(latest.toISOString())
        expect(((yield* get(`/dsar/requests/${request.id}`, token)).json as { expires_at: string }).expires_at).toBe(
          latest.toISOString()
        )

        const history = (yield* get(`/dsar/requests/${request.id}/history`, token)).json as ReadonlyArray<
          Record<string, unknown>
        >
        expect(history.at(-1)).toMatchObject({
          action: "request.extend",
          actor: { type: "api_key" },
          reason,
          changes: [{ field: "expires_at", from: first.toISOString(), to: latest.toISOString() }]
        })

        const notices = (yield* messagesOf(request.id)).filter((message) => message.kind === "extension_notice")
        expect(notices.map((message) => message.variables)).toEqual([{ deadline: latest.toISOString(), reason }])
        const email = renderEmail(notices[0]!, {
          organization: { name: "Acme", settings: defaultOrganizationSettings },
          request: { ...(answer.json as Request), created_at: new Date(request.created_at), expires_at: latest }
        })
        expect(email.text).toContain(reason)
        expect(email.text).toContain(String(latest.getUTCFullYear()))

        // The evidence record names the extension as such, beside the first deadline.
        const evidence = (yield* get(`/dsar/requests/${request.id}/evidence`, token)).json as {
          deadline: Record<string, unknown>
        }
        expect(evidence.deadline).toMatchObject({
          first_expires_at: first.toISOString(),
          expires_at: latest.toISOString(),
          extensions: [{ actor: { type: "api_key" }, from: first.toISOString(), to: latest.toISOString(), reason }]
        })
      })
  )

  it.effect("a second extension of a right allowed one is a 409 naming extensions, and nothing changes", () =>
    Effect.gen(function*() {
      const { createRequest, org, token } = yield* tenant()
      const request = yield* createRequest()
      const url = `/dsar/requests/${request.id}/extensions?organization_id=${org}`
      expect((yield* post(url, { reason }, token)).status).toBe(200)
      const before = yield* snapshot(token, request.id)
      const mails = (yield* messagesOf(request.id)).length
      expect(pathsOf(expectError(yield* post(url, { reason }, token), 409))).toEqual(["extensions"])
      expect(yield* snapshot(token, request.id)).toEqual(before)
      expect((yield* messagesOf(request.id)).length).toBe(mails)
    }))

  it.effect("refusals name what stands in the way, and change nothing", () =>
    Effect.gen(function*() {
      const { createRequest, org, token } = yield* tenant()
      const extend = (id: string, body: unknown) =>
        post(`/dsar/requests/${id}/extensions?organization_id=${org}`, body, token)
      const optOut = yield* createRequest({ user_right_id: "cpra_opt_out" })
      const closed = yield* createRequest({ status: "fulfilled" })
      const open = yield* createRequest()
      const before = yield* Effect.all([optOut, closed, open].map((request) => snapshot(token, request.id)))

      expect(pathsOf(expectError(yield* extend(optOut.id, { reason }), 409))).toEqual(["user_right_id"])
      expect(pathsOf(expectError(yield* extend(closed.id, { reason }), 409))).toEqual(["status"])
      expect(pathsOf(expectError(yield* extend(open.id, {}), 400))).toEqual(["reason"])
      expect(pathsOf(expectError(yield* extend(open.id, { reason: "   " }), 400))).toEqual(["reason"])
      const tooLate = new Date(new Date(open.expires_at as string).getTime() + 46 * 86_400_000).toISOString()
      expect(pathsOf(expectError(yield* extend(open.id, { reason, expires_at: tooLate }), 400))).toEqual([
        "expires_at"
      ])
      const notLater = open.expires_at as string
      expect(pathsOf(expectError(yield* extend(open.id, { reason, expires_at: notLater }), 400))).toEqual([
        "expires_at"
      ])
      expect(pathsOf(expectError(yield* extend(open.id, { reason, bogus: 1 }), 400))).toEqual(["bogus"])
      expectError(yield* extend("req_unknown", { reason }), 404)
      expect(yield* Effect.all([optOut, closed, open].map((request) => snapshot(token, request.id)))).toEqual(before)
    }))

  it.effect("an extension asked for a given date moves the deadline exactly there", () =>
    Effect.gen(function*() {
      const { createRequest, org, token } = yield* tenant()
      const request = yield* createRequest()
      const asked = new Date(new Date(request.expires_at as string).getTime() + 10 * 86_400_000).toISOString()
      const answer = yield* post(
        `/dsar/requests/${request.id}/extensions?organization_id=${org}`,
        { reason, expires_at: asked },
        token
      )
      expect((answer.json as { expires_at: string }).expires_at).toBe(asked)
    }))

  it.effect("no extension once the deadline has passed: 409 naming expires_at", () =>
    Effect.gen(function*() {
      const { createRequest, credentials, org } = yield* tenant()
      const request = yield* createRequest()
      yield* TestClock.adjust(Duration.days(46))
      const token = yield* accessToken(credentials)
      const answer = yield* post(`/dsar/requests/${request.id}/extensions?organization_id=${org}`, { reason }, token)
      expect(pathsOf(expectError(answer, 409))).toEqual(["expires_at"])
    }))
})
