import type { ReceivedMail } from "@dsar/adapters/test-support"
import type { OrganizationId } from "@dsar/domain"
import { type Email, Mailer, MailerError, OperatorsService } from "@dsar/http"
import { expect, layer } from "@effect/vitest"
import { Duration, Effect, HashMap, Layer, Logger } from "effect"
import { askForSignInLink, formType, page, sessionCookieOf, signInWith } from "./support/Console.js"
import { send } from "./support/Http.js"
import { loopbackMailer } from "./support/Mailbox.js"
import { newOrganization } from "./support/Organizations.js"
import { TestApp } from "./support/TestApp.js"

// Asking for a sign-in link by email on the console's sign-in page, over HTTP, the links
// delivered over SMTP to a loopback server. Each test asks from client addresses of its own (the
// app trusts one proxy hop), so the per-client limit of one test does not reach another's.
// On the real clock: the tests wait for the mail server.

const FROM = "Console <console@dsar.example>"
const inbox = loopbackMailer(FROM)
const limits = { perAddress: 4, perEmail: 2, window: Duration.minutes(15) }

const mailsTo = (address: string) => inbox.received().filter((mail) => mail.recipients.includes(address))

/** The mails to `address` once there are `count` of them (failing after 10 s). */
const waitForMails = (address: string, count: number) =>
  Effect.gen(function*() {
    for (let waited = 0; waited < 10_000; waited += 50) {
      if (mailsTo(address).length >= count) return mailsTo(address)
      yield* Effect.sleep(Duration.millis(50))
    }
    return yield* Effect.dieMessage(`${count} mail(s) to ${address} did not arrive; ${mailsTo(address).length} did`)
  })

/** The sign-in link a mail carries, in its text. */
const linkOf = (mail: ReceivedMail) => {
  const url = /https?:\/\/\S+\/console\/sign-in\/[A-Za-z0-9_-]+/.exec(mail.text ?? "")?.[0]
  if (url === undefined) throw new Error(`no sign-in link in: ${mail.text}`)
  return url
}

const addOperator = (organization: string, email: string) =>
  Effect.flatMap(
    OperatorsService,
    (operators) => operators.add(organization as OrganizationId, { email, role: "admin" })
  )

/**
 * Asks for a link for a fresh operator and waits for its mail: sends asked for earlier (a lookup,
 * a link, an SMTP exchange each) have had their turn by then, so what they did not send stays unsent.
 */
const sentinel = (from: string) =>
  Effect.gen(function*() {
    const email = `sentinel-${from}@sentinel.example`
    const { organization_id } = yield* newOrganization(`Sentinel ${from}`)
    yield* addOperator(organization_id, email)
    expect((yield* askForSignInLink(email, from)).status).toBe(303)
    yield* waitForMails(email, 1)
  })

layer(
  TestApp({
    cheapHashing: true,
    checkAnswers: false,
    trustedProxyHops: 1,
    signInLinkLimits: limits,
    mailer: inbox.layer
  }),
  { excludeTestServices: true }
)("asking for a sign-in link by email", (it) => {
  it.effect(
    "a known operator's address gets one email naming the organisation and the link's expiry, whose link signs in once",
    () =>
      Effect.gen(function*() {
        const { organization_id } = yield* newOrganization("Acme Sign-in")
        yield* addOperator(organization_id, "lead@acme-signin.example")

        const asked = yield* askForSignInLink("  Lead@ACME-signin.example ", "198.51.100.1")
        expect(asked.status, asked.text).toBe(303)
        expect(asked.headers.location).toBe("/console/sign-in?sent=1")
        const told = yield* send({ method: "GET", url: asked.headers.location!, headers: { cookie: "" } })
        expect(told.text).toContain("If an operator account exists for this address, a sign-in link is on its way")

        const [mail] = yield* waitForMails("lead@acme-signin.example", 1)
        expect(mail!.subject).toBe("Sign in to Acme Sign-in's privacy requests console")
        expect(mail!.from).toContain("<console@dsar.example>")
        expect(mail!.text).toContain("Acme Sign-in")
        expect(mail!.text).toMatch(/It works once, until \d{4}-\d\d-\d\d \d\d:\d\d UTC \(15 minutes/)
        expect(mail!.html).toContain("<strong>Acme Sign-in</strong>")
        expect(mail!.html).toContain(`href="${linkOf(mail!)}"`)

        const cookie = yield* signInWith(linkOf(mail!))
        expect(cookie).not.toBe("")
        expect((yield* page("/console", cookie)).status).toBe(200)
        expect(yield* signInWith(linkOf(mail!))).toBe("")
        expect(mailsTo("lead@acme-signin.example")).toHaveLength(1)
      }),
    60_000
  )

  it.effect("an unknown address gets the same answer as a known one, and no email", () =>
    Effect.gen(function*() {
      const { organization_id } = yield* newOrganization("Known Ltd")
      yield* addOperator(organization_id, "known@known.example")

      const unknown = yield* askForSignInLink("nobody@known.example", "198.51.100.2")
      const known = yield* askForSignInLink("known@known.example", "198.51.100.2")
      expect([unknown.status, unknown.headers.location, unknown.text]).toEqual([
        known.status,
        known.headers.location,
        known.text
      ])
      yield* waitForMails("known@known.example", 1)
      yield* sentinel("198.51.100.20")
      expect(mailsTo("nobody@known.example")).toEqual([])
    }), 60_000)

  it.effect(
    "an address that is an operator of two organisations gets one email for each, naming it, signing in to it, with no other operator's data",
    () =>
      Effect.gen(function*() {
        const first = yield* newOrganization("First Team")
        const second = yield* newOrganization("Second Team")
        yield* addOperator(first.organization_id, "both@teams.example")
        yield* addOperator(first.organization_id, "colleague@teams.example")
        yield* addOperator(second.organization_id, "both@teams.example")

        expect((yield* askForSignInLink("both@teams.example", "198.51.100.3")).status).toBe(303)
        const mails = yield* waitForMails("both@teams.example", 2)
        const toFirst = mails.find((mail) => mail.subject?.includes("First Team"))!
        const toSecond = mails.find((mail) => mail.subject?.includes("Second Team"))!
        expect(toFirst).toBeDefined()
        expect(toSecond).toBeDefined()
        for (const [mail, other] of [[toFirst, "Second Team"], [toSecond, "First Team"]] as const) {
          expect(mail.recipients).toEqual(["both@teams.example"])
          expect(`${mail.subject} ${mail.text} ${mail.html}`).not.toContain(other)
          expect(`${mail.subject} ${mail.text} ${mail.html}`).not.toContain("colleague@teams.example")
        }
        // Each link opens a session of its own organisation: only the first has the colleague.
        const inFirst = yield* signInWith(linkOf(toFirst))
        const inSecond = yield* signInWith(linkOf(toSecond))
        expect((yield* page("/console/settings/operators", inFirst)).text).toContain("colleague@teams.example")
        const secondOperators = yield* page("/console/settings/operators", inSecond)
        expect(secondOperators.status).toBe(200)
        expect(secondOperators.text).not.toContain("colleague@teams.example")
        expect(mailsTo("colleague@teams.example")).toEqual([])
      }),
    60_000
  )

  it.effect(
    "over the per-email limit, the answer is 429 with Retry-After and nothing is sent",
    () =>
      Effect.gen(function*() {
        const { organization_id } = yield* newOrganization("Limited Co")
        yield* addOperator(organization_id, "limited@limited.example")
        for (const from of ["198.51.100.4", "198.51.100.5"]) {
          expect((yield* askForSignInLink("limited@limited.example", from)).status).toBe(303)
        }
        const refused = yield* askForSignInLink("LIMITED@limited.example", "198.51.100.6")
        expect(refused.status, refused.text).toBe(429)
        const retryAfter = Number(refused.headers["retry-after"])
        expect(retryAfter).toBeGreaterThan(0)
        expect(retryAfter).toBeLessThanOrEqual(Duration.toSeconds(limits.window))
        expect(refused.text).toContain("Nothing was sent")

        yield* waitForMails("limited@limited.example", 2)
        yield* sentinel("198.51.100.60")
        expect(mailsTo("limited@limited.example")).toHaveLength(2)
      }),
    60_000
  )

  it.effect(
    "over the per-client limit, the answer is 429 with Retry-After and nothing is sent",
    () =>
      Effect.gen(function*() {
        const { organization_id } = yield* newOrganization("Sprayed Inc")
        yield* addOperator(organization_id, "target@sprayed.example")
        for (let i = 0; i < limits.perAddress; i++) {
          expect((yield* askForSignInLink(`guess${i}@sprayed.example`, "198.51.100.7")).status).toBe(303)
        }
        const refused = yield* askForSignInLink("target@sprayed.example", "198.51.100.7")
        expect(refused.status, refused.text).toBe(429)
        expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0)

        yield* sentinel("198.51.100.70")
        expect(mailsTo("target@sprayed.example")).toEqual([])
      }),
    60_000
  )

  it.effect(
    "a POST without the form's token, with a forged one, or without the form's cookie is refused with 403, and nothing is sent",
    () =>
      Effect.gen(function*() {
        const { organization_id } = yield* newOrganization("Forged Ltd")
        yield* addOperator(organization_id, "victim@forged.example")
        const headers = { "x-forwarded-for": "198.51.100.8" }
        const form = yield* send({ method: "GET", url: "/console/sign-in", headers })
        const cookie = sessionCookieOf(form)
        expect(form.headers["set-cookie"]).toMatch(/HttpOnly/i)
        expect(form.headers["set-cookie"]).toMatch(/SameSite=Strict/i)
        const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? ""
        expect(csrf).not.toBe("")

        const post = (cookie: string, body: string) =>
          send({
            method: "POST",
            url: "/console/sign-in",
            raw: body,
            headers: { ...headers, cookie, "content-type": formType }
          })
        const email = "email=victim%40forged.example"
        for (
          const [name, answer] of [
            ["no token", yield* post(cookie, email)],
            ["a forged token", yield* post(cookie, `csrf=forged&${email}`)],
            // A cross-site form comes without the SameSite=Strict cookie.
            ["no cookie", yield* post("", `csrf=${encodeURIComponent(csrf)}&${email}`)]
          ] as const
        ) {
          expect(answer.status, name).toBe(403)
        }

        yield* sentinel("198.51.100.80")
        expect(mailsTo("victim@forged.example")).toEqual([])
      }),
    60_000
  )

  it.effect(
    "an address that is not one is refused with 400 and the form again, marked invalid",
    () =>
      Effect.gen(function*() {
        const answer = yield* askForSignInLink("not an address", "198.51.100.9")
        expect(answer.status).toBe(400)
        expect(answer.text).toContain(`aria-invalid="true"`)
        expect(answer.text).toContain(`name="csrf"`)
      }),
    60_000
  )
})

// A mail server that takes nothing until the test lets it: the answer must come first.
const gate = Effect.runSync(Effect.makeLatch(false))
const handedOver: Array<Email> = []
const gatedMailer = Layer.succeed(Mailer, {
  send: (email) => Effect.zipRight(gate.await, Effect.sync(() => void handedOver.push(email)))
})

layer(TestApp({ cheapHashing: true, checkAnswers: false, mailer: gatedMailer }), { excludeTestServices: true })(
  "sending sign-in links in the background",
  (it) => {
    it.effect(
      "the answer to a known address does not wait for its email, which is sent once the mail server takes it",
      () =>
        Effect.gen(function*() {
          const { organization_id } = yield* newOrganization("Slow Mail")
          yield* addOperator(organization_id, "waiting@slow.example")
          const asked = yield* askForSignInLink("waiting@slow.example", "198.51.100.10")
          expect(asked.status).toBe(303)
          expect(handedOver).toEqual([])

          yield* gate.open
          for (let waited = 0; waited < 10_000 && handedOver.length === 0; waited += 20) {
            yield* Effect.sleep(Duration.millis(20))
          }
          expect(handedOver.map((email) => email.to)).toEqual(["waiting@slow.example"])
        }),
      60_000
    )
  }
)

// A mail server that refuses every recipient, quoting the address as SMTP replies do.
const logged: Array<string> = []
const refusingMailer = Layer.succeed(Mailer, {
  send: (email) => Effect.fail(new MailerError({ message: `550 5.1.1 <${email.to}>: unknown user`, permanent: true }))
})
const logRecorder = Logger.make(({ annotations, message }) => {
  logged.push(`${String(message)} ${JSON.stringify(Object.fromEntries(HashMap.toEntries(annotations)))}`)
})

layer(
  TestApp({ cheapHashing: true, checkAnswers: false, mailer: refusingMailer, logger: logRecorder }),
  { excludeTestServices: true }
)("a sign-in link that cannot be sent", (it) => {
  it.effect("is logged with the operator's id and without the address", () =>
    Effect.gen(function*() {
      const { organization_id } = yield* newOrganization("Refused Mail")
      const { operator } = yield* addOperator(organization_id, "refused@refused.example")
      expect((yield* askForSignInLink("refused@refused.example", "198.51.100.11")).status).toBe(303)
      const failure = () => logged.find((line) => line.includes("Sign-in link email not sent"))
      for (let waited = 0; waited < 10_000 && failure() === undefined; waited += 20) {
        yield* Effect.sleep(Duration.millis(20))
      }
      expect(failure()).toContain(operator.id)
      expect(failure()).toContain("<recipient>")
      expect(logged.join("\n")).not.toContain("refused@refused.example")
    }), 60_000)
})
