import { decodeInput, type Operator, OperatorEmail } from "@dsar/domain"
import { Cause, Clock, Data, Duration, Effect, Either } from "effect"
import { describeMailFailure } from "../email/OutboxWorker.js"
import { IdGenerator } from "../ports/Crypto.js"
import { Mailer } from "../ports/Mailer.js"
import { OperatorsStore } from "../ports/Operators.js"
import { fixedWindows, retryAfterSeconds } from "../services/FixedWindows.js"
import { OrganizationsService } from "../services/Organizations.js"
import { Settings } from "../Settings.js"
import { OperatorsService } from "./Operators.js"
import { signInEmail } from "./SignInEmail.js"

/**
 * Emails an operator a sign-in link, straight to the `Mailer` and not through the outbox
 * (decision 0022): the outbox carries a request's notices and retries them for hours, and a link
 * that lasts 15 minutes would arrive dead. The sign-in page and `dsar operators add` send through it.
 */
export class SignInLinkMailer extends Effect.Service<SignInLinkMailer>()("@dsar/http/SignInLinkMailer", {
  effect: Effect.gen(function*() {
    const mailer = yield* Mailer
    const organizations = yield* OrganizationsService
    const ids = yield* IdGenerator

    const send = (operator: Operator, link: { readonly url: string; readonly expires_at: Date }) =>
      Effect.gen(function*() {
        const organization = yield* organizations.get(operator.organization_id)
        yield* mailer.send({
          messageId: yield* ids.make("msg"),
          to: operator.email,
          ...signInEmail({ organization: organization.name, ...link })
        })
      })

    return { send } as const
  })
}) {}

/** How asking for sign-in links by email is limited; each server process counts on its own. */
export interface SignInLinkLimits {
  /** Asks one client address may make per `window`, whatever address they name. */
  readonly perAddress: number
  /** Asks naming one email address (an operator's or not) per `window`, from any client. */
  readonly perEmail: number
  readonly window: Duration.Duration
}

/** A few tries for a person whose email is slow; not enough to fill an inbox. */
export const defaultSignInLinkLimits: SignInLinkLimits = {
  perAddress: 10,
  perEmail: 3,
  window: Duration.minutes(15)
}

/** An ask over a limit: nothing was looked up or sent; `retryAfterSeconds` is what `Retry-After` says. */
export class SignInLinkThrottled extends Data.TaggedError("SignInLinkThrottled")<{
  readonly retryAfterSeconds: number
}> {}

/** The address as operators' addresses are stored (trimmed, lower case), or none when it is not one. */
export const normalisedEmail = (email: string) => Either.getRight(decodeInput(OperatorEmail)(email))

/**
 * Sign-in links asked for on the sign-in page. An ask is admitted (or refused over a limit) at
 * once, and the operators are looked up, their links issued and emailed in a fiber of this
 * service's own, so the answer takes as long whether the address is an operator's, several, or
 * none, and says nothing of which. Failures are logged without the address.
 */
export class SignInLinkRequests extends Effect.Service<SignInLinkRequests>()("@dsar/http/SignInLinkRequests", {
  scoped: Effect.gen(function*() {
    const store = yield* OperatorsStore
    const operators = yield* OperatorsService
    const mailer = yield* SignInLinkMailer
    const limits = (yield* Settings).signInLinkLimits ?? defaultSignInLinkLimits
    const byClient = fixedWindows(limits.window)
    const byEmail = fixedWindows(limits.window)
    // Sends still under way when the server stops are interrupted with it.
    const scope = yield* Effect.scope

    const sendOne = (operator: Operator) =>
      operators.issueSignInLink(operator).pipe(
        Effect.flatMap((link) => mailer.send(operator, link)),
        Effect.catchAllCause((cause) =>
          Cause.isInterruptedOnly(cause) ? Effect.void : Effect.logWarning(
            `Sign-in link email not sent: ${describeMailFailure(cause, operator.email)}`
          ).pipe(Effect.annotateLogs({ operator_id: operator.id, organization_id: operator.organization_id }))
        )
      )

    // One email per operator with the address: one person may be in several organisations' teams.
    const sendLinks = (email: string) =>
      Effect.flatMap(store.findEverywhereByEmail(email), Effect.forEach(sendOne, { discard: true }))

    /** Admits an ask for `email` (normalised) from `client`, and sends its links in the background. */
    const ask = (client: string, email: string) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const fromClient = byClient.at(client, now)
        const forEmail = byEmail.at(email, now)
        if (fromClient.count >= limits.perAddress) {
          return Effect.fail(
            new SignInLinkThrottled({ retryAfterSeconds: retryAfterSeconds(byClient.windowLeft(fromClient, now)) })
          )
        }
        if (forEmail.count >= limits.perEmail) {
          return Effect.fail(
            new SignInLinkThrottled({ retryAfterSeconds: retryAfterSeconds(byEmail.windowLeft(forEmail, now)) })
          )
        }
        fromClient.count++
        forEmail.count++
        return Effect.asVoid(Effect.forkIn(sendLinks(email), scope))
      })

    return { ask } as const
  })
}) {}
