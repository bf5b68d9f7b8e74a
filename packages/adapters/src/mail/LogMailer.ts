import { Mailer } from "@dsar/http"
import { Effect, Layer } from "effect"

const LINK = /https?:\/\/[^\s<>"']+/g

/**
 * The embedded default, when no SMTP server is configured: sends nothing and logs each email. At
 * Info only that it was not sent (its id and subject): the links of an email confirm a request, and
 * its recipient is personal data, so its address, its links (the approval URL among them) and its
 * whole text are logged at Debug only (`--log-level debug`). Each send succeeds, so the outbox
 * worker marks the message delivered: "delivered" means handed to the configured transport, and
 * this transport is the log. Configuring SMTP later does not resend those.
 */
export const layer = Layer.succeed(
  Mailer,
  Mailer.of({
    send: (email) =>
      Effect.gen(function*() {
        yield* Effect.logInfo(`Email not sent (no SMTP server configured): ${email.subject}`).pipe(
          Effect.annotateLogs({ message_id: email.messageId })
        )
        yield* Effect.logDebug(email.text).pipe(
          Effect.annotateLogs({
            message_id: email.messageId,
            to: email.to,
            links: (email.text.match(LINK) ?? []).join(" ")
          })
        )
      }).pipe(Effect.annotateLogs({ component: "log-mailer" }))
  })
)
