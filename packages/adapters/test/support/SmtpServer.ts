import { Effect } from "effect"
import { simpleParser } from "mailparser"
import type { AddressInfo } from "node:net"
import { SMTPServer, type SMTPServerOptions } from "smtp-server"

/** A message as the test server received and parsed it. */
export interface ReceivedMail {
  /** The envelope's recipients (`RCPT TO`). */
  readonly recipients: ReadonlyArray<string>
  readonly messageId: string | undefined
  readonly from: string | undefined
  readonly to: string | undefined
  readonly subject: string | undefined
  readonly text: string | undefined
  readonly html: string | undefined
}

/**
 * A real SMTP server on a free loopback port (no TLS, no authentication), that can be stopped and
 * started again on the same port to play an outage. It keeps every message it accepted; it is
 * stopped with the scope.
 */
export const smtpServer = (options: Pick<SMTPServerOptions, "onRcptTo"> = {}) =>
  Effect.gen(function*() {
    const received: Array<ReceivedMail> = []
    let running: SMTPServer | undefined
    let port = 0

    const create = () =>
      new SMTPServer({
        ...options,
        authOptional: true,
        disabledCommands: ["STARTTLS"],
        // No reverse DNS lookup of 127.0.0.1 per connection: on a closed network it waits for a timeout.
        disableReverseLookup: true,
        logger: false,
        closeTimeout: 100,
        onData: (stream, session, callback) => {
          simpleParser(stream).then(
            (mail) => {
              received.push({
                recipients: session.envelope.rcptTo.map((recipient) => recipient.address),
                messageId: mail.messageId,
                from: mail.from?.text,
                to: Array.isArray(mail.to) ? mail.to.map((address) => address.text).join(", ") : mail.to?.text,
                subject: mail.subject,
                text: mail.text,
                html: mail.html === false ? undefined : mail.html
              })
              callback()
            },
            (error: Error) => callback(error)
          )
        }
      })

    const start = Effect.async<void, Error>((resume) => {
      const server = create()
      server.on("error", (error) => resume(Effect.fail(error)))
      server.listen(port, "127.0.0.1", () => {
        port = (server.server.address() as AddressInfo).port
        running = server
        resume(Effect.void)
      })
    })

    const stop = Effect.async<void>((resume) => {
      const server = running
      running = undefined
      if (server === undefined) return resume(Effect.void)
      server.close(() => resume(Effect.void))
    })

    yield* Effect.acquireRelease(start, () => stop)
    return {
      get port() {
        return port
      },
      get url() {
        return `smtp://127.0.0.1:${port}`
      },
      received: () => received.slice(),
      start,
      stop
    }
  })
