import { type Email, Mailer, MailerError } from "@dsar/http"
import { Duration, Effect, Layer, Redacted } from "effect"
import nodemailer from "nodemailer"

export interface SmtpOptions {
  /**
   * The server, as in `SMTP_URL`: `smtp://user:password@host:587` (STARTTLS when the server
   * offers it), `smtps://user:password@host:465` (TLS from the start), `smtp://host:25` (no
   * authentication). Query parameters are nodemailer's SMTP options, e.g. `?pool=true` to keep
   * connections open, or `?requireTLS=true` to refuse a server without STARTTLS.
   */
  readonly url: string | Redacted.Redacted<string>
  /** The sender of every email without its own `from`, as in `MAIL_FROM`: `Privacy <privacy@example.org>`. */
  readonly from: string
  /** How long connecting, the greeting and each later step of the exchange may take (default 10 s, 10 s, 30 s). */
  readonly connectionTimeout?: Duration.DurationInput
  readonly greetingTimeout?: Duration.DurationInput
  readonly socketTimeout?: Duration.DurationInput
}

/** The domain of the sender's address, for the right-hand side of Message-IDs. */
const senderDomain = (from: string): string => /@([^\s<>@"]+)>?\s*$/.exec(from)?.[1] ?? "localhost"

/** `<id@domain>`: the outbox id is the local part, the sender's domain the right-hand side (RFC 5322). */
/**
 * The sender: `from`'s address under `name` when one is given (an organisation's sender name), so
 * every organisation sends from the one configured address under its own name.
 */
export const sender = (from: string, name: string | undefined): string | { name: string; address: string } => {
  if (name === undefined) return from
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim()
  return { name, address }
}

export const messageIdHeader = (messageId: string, from: string) => `<${messageId}@${senderDomain(from)}>`

interface NodemailerError {
  readonly message?: unknown
  readonly code?: unknown
  readonly responseCode?: unknown
}

const describe = (error: unknown): string => {
  const { message, code, responseCode } = (typeof error === "object" && error !== null ? error : {}) as NodemailerError
  const prefix = [code, responseCode].filter((part) => typeof part === "string" || typeof part === "number").join(" ")
  const text = typeof message === "string" ? message : String(error)
  return prefix === "" ? text : `[${prefix}] ${text}`
}

/**
 * Whether this message is refused for good: its envelope or content (nodemailer's `EENVELOPE`,
 * `EMESSAGE`) refused with a 5xx reply (RFC 5321 §4.2.1, "permanent negative completion"), or by
 * nodemailer itself before sending (an address it cannot parse). 4xx replies, timeouts, connection
 * and authentication failures may pass, or concern every message: they are retried.
 */
const permanentRefusal = (error: unknown): boolean => {
  const { code, responseCode } = (typeof error === "object" && error !== null ? error : {}) as NodemailerError
  if (code !== "EENVELOPE" && code !== "EMESSAGE") return false
  return typeof responseCode !== "number" || (responseCode >= 500 && responseCode <= 599)
}

/**
 * A Mailer over SMTP with nodemailer. Nothing is contacted when the layer is built (the server
 * starts even while SMTP is down; the outbox keeps the messages meanwhile): each send opens a
 * connection, unless `?pool=true`. The transport is closed with the layer's scope. Fails with a
 * `MailerError` when the URL is not an `smtp:` or `smtps:` URL.
 */
export const make = (options: SmtpOptions) =>
  Effect.gen(function*() {
    const url = Redacted.isRedacted(options.url) ? Redacted.value(options.url) : options.url
    const protocol = URL.canParse(url) ? new URL(url).protocol : undefined
    if (protocol !== "smtp:" && protocol !== "smtps:") {
      return yield* new MailerError({
        message: "The SMTP URL must look like smtp://user:password@host:port or smtps://..."
      })
    }
    const transport = yield* Effect.acquireRelease(
      Effect.sync(() =>
        nodemailer.createTransport(
          {
            url,
            connectionTimeout: Duration.toMillis(options.connectionTimeout ?? Duration.seconds(10)),
            greetingTimeout: Duration.toMillis(options.greetingTimeout ?? Duration.seconds(10)),
            socketTimeout: Duration.toMillis(options.socketTimeout ?? Duration.seconds(30))
          },
          { from: options.from }
        )
      ),
      (transport) => Effect.sync(() => transport.close())
    )

    const send = (email: Email) =>
      Effect.tryPromise({
        try: () =>
          transport.sendMail({
            messageId: messageIdHeader(email.messageId, email.from ?? options.from),
            to: email.to,
            from: sender(email.from ?? options.from, email.fromName),
            ...(email.replyTo === undefined ? {} : { replyTo: email.replyTo }),
            subject: email.subject,
            text: email.text,
            html: email.html
          }),
        catch: (cause) => new MailerError({ message: describe(cause), permanent: permanentRefusal(cause), cause })
      }).pipe(Effect.asVoid)

    return Mailer.of({ send })
  })

export const layer = (options: SmtpOptions) => Layer.scoped(Mailer, make(options))
