import {
  Mailer,
  MailerError,
  OrganizationsStore,
  Outbox,
  type OutboxMessage,
  OutboxWorker,
  RequestsStore
} from "@dsar/http"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Either, Layer, Logger, LogLevel, Schedule } from "effect"
import { NodeIdGenerator } from "../src/index.js"
import { InMemoryStores } from "../src/memory.js"
import { SmtpMailer } from "../src/smtp.js"
import { apiKey, message, orgA, organization, request, T0 } from "./conformance/Fixtures.js"
import { undelivered } from "./support/Outbox.js"
import { smtpServer } from "./support/SmtpServer.js"

// A real SMTP server (smtp-server) on a loopback port, real time. Every wait is bounded.

const FROM = "DSAR <privacy@example.org>"
const FAR = new Date("2100-01-01T00:00:00.000Z")

/** Polls `condition` every 20 ms until it holds; fails after 10 s. */
const waitFor = <E, R>(what: string, condition: Effect.Effect<boolean, E, R>) =>
  condition.pipe(
    Effect.repeat({ schedule: Schedule.spaced("20 millis"), until: (holds) => holds }),
    Effect.timeoutFail({ duration: Duration.seconds(10), onTimeout: () => new Error(`timed out waiting for ${what}`) })
  )

/** Organisation A, one request, and an approval, a renewal and a status notice with a download link. */
const seed = Effect.gen(function*() {
  yield* (yield* OrganizationsStore).insert(organization(orgA), apiKey(orgA))
  const stored = request({ id: "req_1" })
  yield* (yield* RequestsStore).insert(stored)
  const messages: ReadonlyArray<OutboxMessage> = [
    message(stored, "msg_approval", T0),
    {
      ...message(stored, "msg_renewal", T0),
      kind: "renewal",
      variables: { url: "https://dsar.example.org/links/renewed", expires_at: "2024-03-01T09:30:00.000Z" }
    },
    {
      ...message(stored, "msg_notice", T0),
      kind: "status_notice",
      variables: {
        status: "fulfilled",
        extra_message_variables: { download_link: "https://example.org/export.zip?id=1&k=2" }
      }
    }
  ]
  yield* Effect.forEach(messages, (yield* Outbox).enqueue, { discard: true })
  return messages
})

/** What the worker needs besides a mailer. */
const stores = Layer.merge(InMemoryStores.layer, NodeIdGenerator.layer)

const fastRetries: OutboxWorker.OutboxWorkerOptions = {
  pollInterval: "20 millis",
  backoff: { initial: "50 millis", max: "400 millis" }
}

describe("SmtpMailer", () => {
  it.scopedLive("hands a rendered email to the SMTP server: envelope, headers, text and HTML", () =>
    Effect.gen(function*() {
      const server = yield* smtpServer()
      const mailer = yield* Effect.provide(Mailer, SmtpMailer.layer({ url: server.url, from: FROM }))
      yield* mailer.send({
        messageId: "msg_1",
        to: "alice@example.org",
        subject: "Hello",
        text: "Plain https://x.example/a",
        html: "<p>Rich</p>"
      })
      expect(server.received()).toEqual([
        {
          recipients: ["alice@example.org"],
          messageId: "<msg_1@example.org>",
          from: FROM.replace("DSAR", `"DSAR"`),
          to: "alice@example.org",
          subject: "Hello",
          text: "Plain https://x.example/a",
          html: "<p>Rich</p>"
        }
      ])
    }))

  it.scopedLive("a recipient the server refuses is a MailerError naming the reply", () =>
    Effect.gen(function*() {
      const server = yield* smtpServer({
        onRcptTo: (_, __, callback) => callback(Object.assign(new Error("No such user"), { responseCode: 550 }))
      })
      const mailer = yield* Effect.provide(Mailer, SmtpMailer.layer({ url: server.url, from: FROM }))
      const result = yield* Effect.either(
        mailer.send({ messageId: "msg_1", to: "nobody@example.org", subject: "s", text: "t", html: "h" })
      )
      expect(Either.isLeft(result) && result.left).toBeInstanceOf(MailerError)
      expect(Either.isLeft(result) && result.left.message).toMatch(/550/)
      expect(Either.isLeft(result) && result.left.permanent).toBe(true)
      expect(server.received()).toEqual([])
    }))

  it.scopedLive("a 4xx reply or an unreachable server is a MailerError that is not permanent", () =>
    Effect.gen(function*() {
      const busy = yield* smtpServer({
        onRcptTo: (_, __, callback) =>
          callback(Object.assign(new Error("Mailbox busy, try later"), { responseCode: 451 }))
      })
      const email = { messageId: "msg_1", to: "alice@example.org", subject: "s", text: "t", html: "h" }
      const later = yield* Effect.flip(
        Effect.flatMap(Effect.provide(Mailer, SmtpMailer.layer({ url: busy.url, from: FROM })), (m) => m.send(email))
      )
      expect(later.message).toMatch(/451/)
      expect(later.permanent).toBe(false)
      const down = yield* smtpServer()
      yield* down.stop
      const refused = yield* Effect.flip(
        Effect.flatMap(Effect.provide(Mailer, SmtpMailer.layer({ url: down.url, from: FROM })), (m) => m.send(email))
      )
      expect(refused.message).toContain("ECONNREFUSED")
      expect(refused.permanent).toBe(false)
    }))

  it.scopedLive("a URL that is no smtp: or smtps: URL is refused when the layer is built", () =>
    Effect.gen(function*() {
      const built = yield* Effect.either(Layer.build(SmtpMailer.layer({ url: "http://127.0.0.1:25", from: FROM })))
      expect(Either.isLeft(built) && built.left).toBeInstanceOf(MailerError)
      const garbage = yield* Effect.either(Layer.build(SmtpMailer.layer({ url: "not a url", from: FROM })))
      expect(Either.isLeft(garbage)).toBe(true)
    }))
})

describe("OutboxWorker over SMTP", () => {
  it.scopedLive("delivers the queued emails: recipient, subject, links in text and HTML, the outbox id as Message-ID", () =>
    Effect.gen(function*() {
      const server = yield* smtpServer()
      const messages = yield* seed
      yield* Effect.forkScoped(
        OutboxWorker.run(fastRetries).pipe(Effect.provide(SmtpMailer.layer({ url: server.url, from: FROM })))
      )
      yield* waitFor("every message delivered", Effect.map(undelivered(10), (pending) => pending.length === 0))

      const received = server.received()
      expect(received.map((mail) => mail.messageId)).toEqual(messages.map((m) => `<${m.id}@example.org>`))
      for (const mail of received) {
        expect(mail).toMatchObject({ recipients: ["alice@example.org"], to: "alice@example.org" })
      }
      const [approval, renewal, notice] = received
      const name = organization(orgA).name
      expect(approval?.subject).toBe(`Confirm your privacy request to ${name}`)
      expect(approval?.from).toBe(`"${name}" <privacy@example.org>`)
      expect(approval?.text).toContain("https://dsar.example.org/links/t")
      expect(approval?.html).toContain(`href="https://dsar.example.org/links/t"`)
      expect(renewal?.subject).toBe(`Your new link to confirm your privacy request to ${name}`)
      expect(renewal?.text).toContain("https://dsar.example.org/links/renewed")
      expect(renewal?.html).toContain("https://dsar.example.org/links/renewed")
      expect(notice?.subject).toBe(`${name} has answered your request to access your data`)
      expect(notice?.text).toContain("https://example.org/export.zip?id=1&k=2")
      expect(notice?.html).toContain(`href="https://example.org/export.zip?id=1&#38;k=2"`)
    }).pipe(Effect.provide(stores)))

  it.scopedLive("an address the server refuses for good (a 5,012-character one, answered 501) is failed after one attempt", () =>
    Effect.gen(function*() {
      const server = yield* smtpServer({
        onRcptTo: (address, _, callback) =>
          address.address.length > 254
            ? callback(
              Object.assign(new Error(`<${address.address}>: Recipient address too long`), { responseCode: 501 })
            )
            : callback()
      })
      const long = `${"a".repeat(5_000)}@example.org`
      yield* (yield* OrganizationsStore).insert(organization(orgA), apiKey(orgA))
      const stored = request({ id: "req_1" })
      yield* (yield* RequestsStore).insert(stored)
      yield* (yield* Outbox).enqueue({ ...message(stored, "msg_long", T0), to: long })
      yield* (yield* Outbox).enqueue(message(stored, "msg_fine", T0))
      yield* Effect.forkScoped(
        OutboxWorker.run(fastRetries).pipe(
          Effect.provide(SmtpMailer.layer({ url: server.url, from: FROM })),
          Logger.withMinimumLogLevel(LogLevel.Error)
        )
      )
      const emails = (yield* Outbox).listByRequest(orgA, stored.id)
      yield* waitFor("both settled", Effect.map(emails, (all) => all.every((email) => email.state !== "pending")))
      const [failed, delivered] = yield* emails
      expect(failed).toMatchObject({ id: "msg_long", state: "failed", attempts: 1 })
      expect(failed?.last_error).toMatch(/501/)
      expect(failed?.last_error).not.toContain("aaaa")
      expect(delivered).toMatchObject({ id: "msg_fine", state: "delivered" })
      expect(server.received().map((mail) => mail.messageId)).toEqual(["<msg_fine@example.org>"])
    }).pipe(Effect.provide(stores)))

  it.scopedLive("through an SMTP outage: attempts fail and are retried with backoff, nothing is lost, and every email arrives once the server is back", () =>
    Effect.gen(function*() {
      const server = yield* smtpServer()
      yield* server.stop
      const messages = yield* seed
      const outbox = yield* Outbox
      // Each failed attempt logs a warning: kept out of the test's output.
      yield* Effect.forkScoped(
        OutboxWorker.run(fastRetries).pipe(
          Effect.provide(SmtpMailer.layer({ url: server.url, from: FROM })),
          Logger.withMinimumLogLevel(LogLevel.Error)
        )
      )

      // Down: every message fails, again and again, and stays queued with its attempts counted.
      yield* waitFor(
        "three failed attempts of each message",
        Effect.map(
          outbox.due(FAR, 10),
          (queued) => queued.length === messages.length && queued.every((m) => m.attempts >= 3)
        )
      )
      const queued = yield* outbox.due(FAR, 10)
      expect(queued.map((m) => m.id)).toEqual(messages.map((m) => m.id))
      for (const m of queued) {
        expect(m.last_error).toContain("ECONNREFUSED")
        expect(m.next_attempt_at.getTime()).toBeGreaterThan(m.last_attempt_at!.getTime())
      }
      expect(server.received()).toEqual([])

      // Back on the same port: every queued email arrives (at least once; duplicates carry the same Message-ID).
      yield* server.start
      yield* waitFor("every message delivered", Effect.map(undelivered(10), (pending) => pending.length === 0))
      const arrived = new Set(server.received().map((mail) => mail.messageId))
      expect(arrived).toEqual(new Set(messages.map((m) => `<${m.id}@example.org>`)))
      expect(server.received().find((mail) => mail.messageId === "<msg_notice@example.org>")?.text).toContain(
        "https://example.org/export.zip?id=1&k=2"
      )
    }).pipe(Effect.provide(stores)))
})
