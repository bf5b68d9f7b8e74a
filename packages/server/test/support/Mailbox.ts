import { SmtpMailer } from "@dsar/adapters/smtp"
import { type ReceivedMail, smtpServer } from "@dsar/adapters/test-support"
import { Effect, Exit, Layer, Scope } from "effect"

/**
 * The adapters' loopback SMTP server, for promise-style process tests: it can be stopped and
 * started again on the same port (an outage), and waited on for mails; `onRcptTo` can refuse
 * recipients.
 */
export const mailbox = async (options: Parameters<typeof smtpServer>[0] = {}) => {
  const scope = Effect.runSync(Scope.make())
  const server = await Effect.runPromise(Scope.extend(smtpServer(options), scope))
  return {
    url: server.url,
    received: server.received,
    stop: () => Effect.runPromise(server.stop),
    start: () => Effect.runPromise(server.start),
    close: () => Effect.runPromise(Scope.close(scope, Exit.void)),
    /** Resolves with the mails once `enough` holds of everything received; fails after `timeoutMs`. */
    waitFor: async (what: string, enough: (mails: ReadonlyArray<ReceivedMail>) => boolean, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const mails = server.received()
        if (enough(mails)) return mails
        if (Date.now() > deadline) {
          throw new Error(
            `timed out waiting for ${what}; received: ${JSON.stringify(mails.map((mail) => [mail.to, mail.subject]))}`
          )
        }
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
  }
}

export type Mailbox = Awaited<ReturnType<typeof mailbox>>

/** The first link to a link page in a mail's text. */
export const linkIn = (mail: ReceivedMail) => {
  const url = /https?:\/\/\S+\/links\/[A-Za-z0-9_-]+/.exec(mail.text ?? "")?.[0]
  if (url === undefined) throw new Error(`no link in: ${mail.text}`)
  return url
}

/**
 * The loopback SMTP server as a `TestApp`'s mailer: started with the app's layer, stopped with it;
 * `received` is what it has accepted so far.
 */
export const loopbackMailer = (from: string) => {
  let received = (): ReadonlyArray<ReceivedMail> => []
  const layer = Layer.unwrapScoped(Effect.map(smtpServer(), (server) => {
    received = server.received
    return SmtpMailer.layer({ url: server.url, from })
  })).pipe(Layer.orDie)
  return { layer, received: () => received() }
}
