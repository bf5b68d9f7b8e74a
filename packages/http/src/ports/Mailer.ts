import { Context, Data, type Effect } from "effect"

/** A rendered email, ready for a transport. */
export interface Email {
  /**
   * The outbox message's id. Transports put it in the `Message-ID` header (as `<id@domain>`), so
   * a receiver that gets the same message twice (delivery is at-least-once) can drop the copy.
   */
  readonly messageId: string
  readonly to: string
  /** The sender; the transport's configured default when absent. */
  readonly from?: string
  /** The name the email is sent under, with the sender's address (the organisation's sender name). */
  readonly fromName?: string
  /** Where replies go, when not to the sender. */
  readonly replyTo?: string
  readonly subject: string
  readonly text: string
  readonly html: string
}

/**
 * The transport refused or failed to take the message. The outbox worker retries it later,
 * unless the refusal is `permanent`: the transport says this message will never be accepted (an
 * SMTP server's 5xx reply, to an address too long or unknown, say); the message is then failed.
 */
export class MailerError extends Data.TaggedError("MailerError")<{
  readonly message: string
  readonly permanent?: boolean
  readonly cause?: unknown
}> {}

/** Sends one email. Success means the transport accepted it (an SMTP server's `250` to the data). */
export class Mailer extends Context.Tag("@dsar/http/Mailer")<
  Mailer,
  {
    readonly send: (email: Email) => Effect.Effect<void, MailerError>
  }
>() {}
