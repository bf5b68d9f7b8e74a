import { type OrganizationId, RequestId } from "@dsar/domain"
import {
  type Email,
  EmailTemplatesStore,
  HistoryStore,
  Mailer,
  MailerError,
  OrganizationsStore,
  Outbox,
  type OutboxMessage,
  OutboxWorker,
  RequestsStore
} from "@dsar/http"
import { describe, expect, it } from "@effect/vitest"
import { Clock, Effect, Fiber, Layer, Logger, LogLevel, Option, Ref, TestClock } from "effect"
import { LogMailer, NodeIdGenerator } from "../src/index.js"
import { InMemoryStores } from "../src/memory.js"
import { apiKey, message, orgA, organization, orgB, request, T0 } from "./conformance/Fixtures.js"
import { undelivered } from "./support/Outbox.js"

// The worker against the in-memory stores and a scripted mailer, on the TestClock: every delay is
// exact and no test waits in real time.

const FAR = new Date("2100-01-01T00:00:00.000Z")

/**
 * A mailer that records each call with the clock's time, and fails while `down` is set; while
 * `refusing` is set it refuses for good, as an SMTP server's 5xx does, quoting the address.
 */
const scriptedMailer = Effect.gen(function*() {
  const calls = yield* Ref.make<ReadonlyArray<{ readonly at: number; readonly email: Email }>>([])
  const down = yield* Ref.make(false)
  const refusing = yield* Ref.make(false)
  const mailer = Mailer.of({
    send: (email) =>
      Effect.gen(function*() {
        const at = yield* Clock.currentTimeMillis
        yield* Ref.update(calls, (all) => [...all, { at, email }])
        if (yield* Ref.get(refusing)) {
          return yield* new MailerError({
            message: `[EENVELOPE 501] <${email.to.toUpperCase()}>: address too long`,
            permanent: true
          })
        }
        if (yield* Ref.get(down)) return yield* new MailerError({ message: "connect ECONNREFUSED 127.0.0.1:25" })
      })
  })
  return { calls, down, refusing, mailer }
})

/** Organisation A with one request, the clock at T0, and `messages` of that request queued. */
const seed = (ids: ReadonlyArray<string>, customise: (m: OutboxMessage) => OutboxMessage = (m) => m) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(T0.getTime())
    yield* (yield* OrganizationsStore).insert(organization(orgA), apiKey(orgA))
    const stored = request({ id: "req_1" })
    yield* (yield* RequestsStore).insert(stored)
    const messages = ids.map((id) => customise(message(stored, id, T0)))
    yield* Effect.forEach(messages, (yield* Outbox).enqueue, { discard: true })
    return messages
  })

/** An organisation's own English approval template: its subject and text, and a link in its HTML. */
const putApprovalTemplate = (organization_id: OrganizationId, subject: string, text: string) =>
  Effect.flatMap(EmailTemplatesStore, (templates) =>
    templates.put({
      organization_id,
      type: "approval",
      language: "en",
      subject,
      text,
      html: "<p><a href=\"{{url}}\">Open</a></p>",
      updated_at: T0
    }))

const withStores = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.provide(effect, Layer.merge(InMemoryStores.layer, NodeIdGenerator.layer))

const sinceT0 = (at: number) => (at - T0.getTime()) / 1000

describe("OutboxWorker", () => {
  it.scoped("delivers every due message once, rendered, with the outbox id as its message id", () =>
    withStores(
      Effect.gen(function*() {
        const { calls, mailer } = yield* scriptedMailer
        const queued = yield* seed(["msg_1", "msg_2"])
        yield* Effect.forkScoped(
          Effect.provideService(OutboxWorker.run({ from: "DSAR <privacy@example.org>" }), Mailer, mailer)
        )
        yield* TestClock.adjust("1 second")
        const sent = (yield* Ref.get(calls)).map(({ email }) => email)
        expect(sent.map((email) => email.messageId)).toEqual(["msg_1", "msg_2"])
        expect(sent[0]).toMatchObject({
          to: "alice@example.org",
          from: "DSAR <privacy@example.org>",
          fromName: organization(orgA).name,
          subject: `Confirm your privacy request to ${organization(orgA).name}`
        })
        expect(sent[0]!.text).toContain(queued[0]!.variables.url)
        expect(sent[0]!.html).toContain(`href="${queued[0]!.variables.url}"`)
        expect(yield* undelivered(10)).toEqual([])
        // Nothing is sent twice, however long the worker runs on.
        yield* TestClock.adjust("1 minute")
        expect(yield* Ref.get(calls)).toHaveLength(2)
      })
    ))

  it.scoped("renders with the organisation's settings and its own template of the type, in the request's language", () =>
    withStores(
      Effect.gen(function*() {
        const { calls, mailer } = yield* scriptedMailer
        yield* seed(["msg_1"])
        const settings = {
          ...organization(orgA).settings,
          sender_name: "Privacy at A",
          reply_to: "privacy@a.example",
          default_language: "fr" as const
        }
        yield* (yield* OrganizationsStore).updateSettings(orgA, settings)
        yield* putApprovalTemplate(orgA, "{{organization_name}}: confirm", "Open {{url}} before {{expires_at}}")
        yield* Effect.forkScoped(Effect.provideService(OutboxWorker.run(), Mailer, mailer))
        yield* TestClock.adjust("1 second")
        const [call] = yield* Ref.get(calls)
        // The request is in English (its language wins over the organisation's default).
        expect(call?.email).toMatchObject({
          subject: `${organization(orgA).name}: confirm`,
          fromName: "Privacy at A",
          replyTo: "privacy@a.example"
        })
        expect(call?.email.text).toMatch(
          /^Open https:\/\/dsar\.example\.org\/links\/t before 2024-03-01T09:15:00\.000Z\n/
        )
        expect(call?.email.text).toContain("Reference: req_1")
      })
    ))

  it.scoped("renders each message of a pass as its own organisation's, with that organisation's templates", () =>
    withStores(
      Effect.gen(function*() {
        const { calls, mailer } = yield* scriptedMailer
        yield* seed(["msg_a1"])
        yield* (yield* OrganizationsStore).insert(organization(orgB), apiKey(orgB))
        const ofB = request({ id: "req_b", organization_id: orgB })
        yield* (yield* RequestsStore).insert(ofB)
        yield* (yield* Outbox).enqueue(message(ofB, "msg_b1", T0))
        yield* (yield* Outbox).enqueue(message(ofB, "msg_b2", T0))
        yield* putApprovalTemplate(orgB, "{{organization_name}} asks you to confirm", "Open {{url}}")
        yield* Effect.forkScoped(Effect.provideService(OutboxWorker.run(), Mailer, mailer))
        yield* TestClock.adjust("1 second")
        const subjects = new Map((yield* Ref.get(calls)).map(({ email }) => [email.messageId, email.subject]))
        expect(subjects).toEqual(
          new Map([
            ["msg_a1", `Confirm your privacy request to ${organization(orgA).name}`],
            ["msg_b1", `${organization(orgB).name} asks you to confirm`],
            ["msg_b2", `${organization(orgB).name} asks you to confirm`]
          ])
        )
      })
    ))

  it.scoped("retries a failing message with exponential backoff, counting attempts, and delivers it once the mailer is back", () =>
    withStores(
      Effect.gen(function*() {
        const { calls, down, mailer } = yield* scriptedMailer
        yield* Ref.set(down, true)
        yield* seed(["msg_1"])
        const outbox = yield* Outbox
        yield* Effect.forkScoped(Effect.provideService(OutboxWorker.run({ backoff: { jitter: 0 } }), Mailer, mailer))

        yield* TestClock.adjust("40 seconds")
        expect((yield* Ref.get(calls)).map(({ at }) => sinceT0(at))).toEqual([0, 1, 3, 7, 15, 31])
        const [waiting] = yield* outbox.due(FAR, 10)
        expect(waiting).toMatchObject({
          id: "msg_1",
          attempts: 6,
          last_attempt_at: new Date(T0.getTime() + 31_000),
          next_attempt_at: new Date(T0.getTime() + 63_000),
          last_error: "connect ECONNREFUSED 127.0.0.1:25"
        })
        expect(yield* undelivered(10)).toHaveLength(1)

        yield* Ref.set(down, false)
        yield* TestClock.adjust("22 seconds")
        expect(yield* undelivered(10)).toHaveLength(1)
        yield* TestClock.adjust("1 second")
        expect((yield* Ref.get(calls)).map(({ at }) => sinceT0(at))).toEqual([0, 1, 3, 7, 15, 31, 63])
        expect(yield* undelivered(10)).toEqual([])
        yield* TestClock.adjust("1 minute")
        expect(yield* Ref.get(calls)).toHaveLength(7)
      })
    ))

  it.scoped("never waits more than 5 minutes between attempts", () =>
    withStores(
      Effect.gen(function*() {
        const { calls, down, mailer } = yield* scriptedMailer
        yield* Ref.set(down, true)
        yield* seed(["msg_1"])
        // Polling every 10 s keeps the simulated hour short to run; attempts land on the next poll.
        yield* Effect.forkScoped(
          Effect.provideService(OutboxWorker.run({ pollInterval: "10 seconds" }), Mailer, mailer)
        )
        yield* TestClock.adjust("1 hour")
        const times = (yield* Ref.get(calls)).map(({ at }) => sinceT0(at))
        const gaps = times.slice(1).map((t, i) => t - times[i]!)
        for (const [i, gap] of gaps.entries()) {
          const nominal = Math.min(300, 2 ** i)
          expect(gap).toBeGreaterThanOrEqual(nominal * 0.8)
          expect(gap).toBeLessThanOrEqual(nominal + 10)
        }
        expect(gaps.slice(-3).every((gap) => gap >= 240 && gap <= 310)).toBe(true)
        const [waiting] = yield* (yield* Outbox).due(FAR, 10)
        expect(waiting?.attempts).toBe(times.length)
      })
    ))

  it.scoped("a send that does not answer in time counts as a failed attempt", () =>
    withStores(
      Effect.gen(function*() {
        yield* seed(["msg_1"])
        const hanging = Mailer.of({ send: () => Effect.never })
        yield* Effect.forkScoped(
          Effect.provideService(
            OutboxWorker.run({ sendTimeout: "30 seconds", backoff: { jitter: 0 } }),
            Mailer,
            hanging
          )
        )
        yield* TestClock.adjust("30 seconds")
        const [waiting] = yield* (yield* Outbox).due(FAR, 10)
        expect(waiting).toMatchObject({
          attempts: 1,
          last_error: "no answer within 30s",
          next_attempt_at: new Date(T0.getTime() + 31_000)
        })
      })
    ))

  it.scoped("stopped during a send, the worker leaves the message due at once, the attempt counted", () =>
    withStores(
      Effect.gen(function*() {
        yield* seed(["msg_1"])
        const hanging = Mailer.of({ send: () => Effect.never })
        const worker = yield* Effect.fork(Effect.provideService(OutboxWorker.run(), Mailer, hanging))
        yield* TestClock.adjust("5 seconds")
        // Claimed: other workers leave it alone for the lease.
        expect(yield* (yield* Outbox).due(new Date(T0.getTime() + 5_000), 10)).toEqual([])
        yield* Fiber.interrupt(worker)
        const due = yield* (yield* Outbox).due(new Date(T0.getTime() + 5_000), 10)
        expect(due).toMatchObject([{ id: "msg_1", attempts: 1, next_attempt_at: new Date(T0.getTime() + 5_000) }])
        expect(due[0]?.last_error).toContain("interrupted")
      })
    ))

  it.scoped("several workers on one outbox send each message once", () =>
    withStores(
      Effect.gen(function*() {
        const { calls, mailer } = yield* scriptedMailer
        const ids = Array.from({ length: 30 }, (_, i) => `msg_${String(i).padStart(2, "0")}`)
        yield* seed(ids)
        for (let i = 0; i < 4; i++) {
          yield* Effect.forkScoped(Effect.provideService(OutboxWorker.run({ batchSize: 7 }), Mailer, mailer))
        }
        yield* TestClock.adjust("5 seconds")
        const sent = (yield* Ref.get(calls)).map(({ email }) => email.messageId)
        expect([...sent].sort()).toEqual(ids)
        expect(yield* undelivered(100)).toEqual([])
      })
    ))

  it.scoped("as a layer, runs in the background until its scope closes", () =>
    withStores(
      Effect.gen(function*() {
        const { calls, mailer } = yield* scriptedMailer
        yield* seed(["msg_1"])
        yield* Effect.scoped(
          Effect.gen(function*() {
            yield* Layer.build(OutboxWorker.layer().pipe(Layer.provide(Layer.succeed(Mailer, mailer))))
            yield* TestClock.adjust("1 second")
          })
        )
        expect(yield* Ref.get(calls)).toHaveLength(1)
        const outbox = yield* Outbox
        yield* outbox.enqueue({ ...message(request({ id: "req_1" }), "msg_2", T0) })
        yield* TestClock.adjust("1 minute")
        expect(yield* Ref.get(calls)).toHaveLength(1)
      })
    ))
})

describe("OutboxWorker giving up", () => {
  it.scoped("a permanent refusal fails the message at once: no retry, the error without the address, email.failed in history", () =>
    withStores(
      Effect.gen(function*() {
        const { calls, refusing, mailer } = yield* scriptedMailer
        yield* Ref.set(refusing, true)
        yield* seed(["msg_1"])
        // Polling every 10 s keeps the simulated wait short to run.
        yield* Effect.forkScoped(
          Effect.provideService(OutboxWorker.run({ pollInterval: "10 seconds" }), Mailer, mailer)
        )
        yield* TestClock.adjust("10 minutes")
        expect(yield* Ref.get(calls)).toHaveLength(1)
        expect(yield* (yield* Outbox).due(FAR, 10)).toEqual([])
        const [failed] = yield* (yield* Outbox).listByRequest(orgA, RequestId.make("req_1"))
        expect(failed).toMatchObject({ id: "msg_1", state: "failed", attempts: 1, failed_at: T0 })
        expect(failed?.last_error).toBe("[EENVELOPE 501] <<recipient>>: address too long")
        const history = yield* (yield* HistoryStore).listByRequest(orgA, RequestId.make("req_1"))
        expect(history).toMatchObject([
          {
            action: "email.failed",
            actor: { type: "system", id: "outbox" },
            at: T0,
            from_status: "unverified",
            to_status: "unverified",
            changes: []
          }
        ])
      })
    ))

  it.scoped("a message failing maxAttempts times is failed after the last, and tried no more", () =>
    withStores(
      Effect.gen(function*() {
        const { calls, down, mailer } = yield* scriptedMailer
        yield* Ref.set(down, true)
        yield* seed(["msg_1"])
        yield* Effect.forkScoped(
          Effect.provideService(OutboxWorker.run({ maxAttempts: 4, backoff: { jitter: 0 } }), Mailer, mailer)
        )
        // A fifth attempt would come 8 s after the fourth.
        yield* TestClock.adjust("2 minutes")
        expect((yield* Ref.get(calls)).map(({ at }) => sinceT0(at))).toEqual([0, 1, 3, 7])
        const [failed] = yield* (yield* Outbox).listByRequest(orgA, RequestId.make("req_1"))
        expect(failed).toMatchObject({ state: "failed", attempts: 4, last_error: "connect ECONNREFUSED 127.0.0.1:25" })
        expect(failed?.failed_at).toEqual(new Date(T0.getTime() + 7_000))
        expect((yield* (yield* HistoryStore).listByRequest(orgA, RequestId.make("req_1"))).map((entry) => entry.action))
          .toEqual([
            "email.failed"
          ])
      })
    ))

  it.scoped("a failed message retried on demand is tried again at once, with a fresh count of attempts", () =>
    withStores(
      Effect.gen(function*() {
        const { calls, refusing, mailer } = yield* scriptedMailer
        yield* Ref.set(refusing, true)
        yield* seed(["msg_1"])
        const outbox = yield* Outbox
        yield* Effect.forkScoped(Effect.provideService(OutboxWorker.run(), Mailer, mailer))
        yield* TestClock.adjust("1 minute")
        yield* Ref.set(refusing, false)
        expect(yield* outbox.retry(orgA, RequestId.make("req_1"), "msg_1", new Date(T0.getTime() + 60_000))).toBe(true)
        yield* TestClock.adjust("1 second")
        expect(yield* Ref.get(calls)).toHaveLength(2)
        expect(yield* outbox.listByRequest(orgA, RequestId.make("req_1"))).toMatchObject([{
          state: "delivered",
          attempts: 1,
          failed_at: null
        }])
      })
    ))
})

describe("OutboxWorker and the approval URL", () => {
  it.scoped("delivering the approval email removes its URL from the request; other emails leave it", () =>
    withStores(
      Effect.gen(function*() {
        const { mailer } = yield* scriptedMailer
        const approveUrl = request({ id: "req_1" }).validation!.approve_url!
        yield* seed(["msg_notice", "msg_approval"], (m) =>
          m.id === "msg_approval"
            ? { ...m, variables: { ...m.variables, url: approveUrl } }
            : { ...m, kind: "status_notice", variables: { status: "verified" } })
        const requests = yield* RequestsStore
        const before = yield* requests.findById(orgA, RequestId.make("req_1"))
        yield* Effect.forkScoped(Effect.provideService(OutboxWorker.run(), Mailer, mailer))
        yield* TestClock.adjust("1 second")
        const after = Option.getOrThrow(yield* requests.findById(orgA, RequestId.make("req_1")))
        expect(after.value.validation).toEqual({ ...Option.getOrThrow(before).value.validation, approve_url: null })
        // Nothing else of the request changed, its last change included.
        expect({ ...after.value, validation: null }).toEqual({ ...Option.getOrThrow(before).value, validation: null })
      })
    ))

  it.scoped("an approval email for another URL than the request's leaves the request's", () =>
    withStores(
      Effect.gen(function*() {
        const { mailer } = yield* scriptedMailer
        yield* seed(["msg_1"])
        yield* Effect.forkScoped(Effect.provideService(OutboxWorker.run(), Mailer, mailer))
        yield* TestClock.adjust("1 second")
        expect(yield* undelivered(10)).toEqual([])
        const stored = Option.getOrThrow(yield* (yield* RequestsStore).findById(orgA, RequestId.make("req_1")))
        expect(stored.value.validation?.approve_url).toBe(request({ id: "req_1" }).validation?.approve_url)
      })
    ))
})

describe("LogMailer", () => {
  it.scoped("sends nothing, logs at Info neither recipient nor links, at Debug both, and the worker counts it delivered", () =>
    withStores(
      Effect.gen(function*() {
        type Line = { level: LogLevel.LogLevel; message: unknown; annotations: Record<string, unknown> }
        const logs = yield* Ref.make<ReadonlyArray<Line>>([])
        const collect = Logger.make(({ annotations, logLevel, message }) => {
          Effect.runSync(
            Ref.update(
              logs,
              (all) => [...all, { level: logLevel, message, annotations: Object.fromEntries(annotations) }]
            )
          )
        })
        yield* seed(["msg_1"])
        yield* Effect.forkScoped(
          OutboxWorker.run().pipe(
            Effect.provide(Layer.merge(LogMailer.layer, Logger.replace(Logger.defaultLogger, collect))),
            Logger.withMinimumLogLevel(LogLevel.Debug)
          )
        )
        yield* TestClock.adjust("1 second")
        const mailerLines = (yield* Ref.get(logs)).filter(({ annotations }) =>
          annotations["component"] === "log-mailer"
        )
        const info = mailerLines.filter(({ level }) => LogLevel.greaterThanEqual(level, LogLevel.Info))
        expect(info.map(({ message }) => message)).toEqual([[
          `Email not sent (no SMTP server configured): Confirm your privacy request to ${organization(orgA).name}`
        ]])
        expect(JSON.stringify(info)).not.toMatch(/alice@example\.org|\/links\//)
        const debug = mailerLines.find(({ level }) => level === LogLevel.Debug)
        expect(debug?.annotations).toMatchObject({
          message_id: "msg_1",
          to: "alice@example.org",
          links: "https://dsar.example.org/links/t"
        })
        // The delivery itself is told at Info, by its ids alone: no content, no address.
        const delivered = (yield* Ref.get(logs)).filter(({ message }) => String(message) === "Email delivered")
        expect(
          delivered.map(({ level, annotations }) => ({ level: level.label, keys: Object.keys(annotations).sort() }))
        )
          .toEqual([{ level: "INFO", keys: ["component", "kind", "organization_id", "outbox_message_id"] }])
        expect(yield* undelivered(10)).toEqual([])
      })
    ))
})
