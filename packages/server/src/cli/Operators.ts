import { type Operator, OperatorId, OperatorRole } from "@dsar/domain"
import { defaultedPublicBaseUrl, OperatorsService, OrganizationsService, Settings, SignInLinkMailer } from "@dsar/http"
import { Args, Command, Options } from "@effect/cli"
import { Console, Duration, Effect, Either, Layer, Option } from "effect"
import { mailerLayer } from "../Adapters.js"
import { dataDir, publicBaseUrl, smtpUrl } from "../Config.js"
import { backend } from "./Backend.js"
import { reportFailures } from "./Failure.js"
import { org } from "./Keys.js"
import { json } from "./Output.js"

// Operators are managed on the data directory (or DATABASE_URL's database), as keys are: whoever
// may run these holds the database already. The first admin of an organisation is added here.

const operatorLayers = (options: { readonly dataDir: string; readonly publicBaseUrl: Option.Option<string> }) =>
  Effect.gen(function*() {
    const { crypto, stores } = yield* backend(options.dataDir)
    const settings = Layer.succeed(Settings, {
      publicBaseUrl: yield* defaultedPublicBaseUrl(options.publicBaseUrl),
      sessionTtl: Duration.hours(1)
    })
    return {
      ports: Layer.mergeAll(stores, crypto, settings),
      services: OperatorsService.Default.pipe(Layer.provideMerge(OrganizationsService.Default))
    }
  })

const withOperators = <A, E, R>(
  options: { readonly dataDir: string; readonly publicBaseUrl: Option.Option<string> },
  command: (service: OperatorsService) => Effect.Effect<A, E, R>
) =>
  Effect.gen(function*() {
    const { ports, services } = yield* operatorLayers(options)
    return yield* reportFailures(
      Effect.provide(Effect.flatMap(OperatorsService, command), services.pipe(Layer.provide(ports)))
    )
  })

/**
 * `withOperators` with the sign-in link mailer beside the service: only `add` mails, so the other
 * commands never build the mailer (nor warn that SMTP_URL is unset).
 */
const withOperatorsMailing = <A, E, R>(
  options: { readonly dataDir: string; readonly publicBaseUrl: Option.Option<string> },
  command: (service: OperatorsService) => Effect.Effect<A, E, R>
) =>
  Effect.gen(function*() {
    const { ports, services } = yield* operatorLayers(options)
    const mailer = Layer.provide(SignInLinkMailer.Default, yield* mailerLayer)
    return yield* reportFailures(
      Effect.provide(
        Effect.flatMap(OperatorsService, command),
        Layer.provideMerge(mailer, services).pipe(Layer.provide(ports))
      )
    )
  })

const email = Options.text("email").pipe(
  Options.withDescription("The operator's email address, where sign-in links go.")
)
const role = Options.choice("role", OperatorRole.literals).pipe(
  Options.withDescription("admin (everything, settings included), agent (works on requests) or viewer (reads).")
)
const operatorId = Args.text({ name: "operator" }).pipe(
  Args.withDescription("The operator's id, op_..."),
  Args.withSchema(OperatorId)
)

const line = (operator: Operator) =>
  [operator.id, operator.email, operator.role, operator.created_at.toISOString()].join("  ")

/**
 * Emails the new operator their link, as the sign-in page would, and says how it went; the URL is
 * printed either way (a failed send does not undo the adding).
 */
const emailLink = (operator: Operator, sign_in: { readonly url: string; readonly expires_at: Date }) =>
  Effect.gen(function*() {
    const sent = yield* Effect.either(Effect.flatMap(SignInLinkMailer, (mailer) => mailer.send(operator, sign_in)))
    if (Either.isLeft(sent)) {
      return yield* Console.error(`Not emailed (${sent.left.message}): give the operator the URL yourself.`)
    }
    yield* Console.error(
      Option.isSome(yield* smtpUrl)
        ? `Emailed it to ${operator.email}.`
        : "Not emailed: mail is not configured (SMTP_URL is unset), so the email was only logged."
    )
  })

const add = Command.make(
  "add",
  { org, email, role, dataDir, publicBaseUrl },
  (options) =>
    withOperatorsMailing(options, (service) =>
      Effect.gen(function*() {
        const { operator, sign_in } = yield* service.add(options.org, { email: options.email, role: options.role })
        yield* Console.error(
          `Added ${operator.id} (${operator.email}, ${operator.role}). Sign-in link, valid until ${sign_in.expires_at.toISOString()}, usable once:`
        )
        yield* Console.log(sign_in.url)
        yield* emailLink(operator, sign_in)
      }))
).pipe(
  Command.withDescription(
    "Add an operator to the organisation's console, print a one-time sign-in URL and email it to them (SMTP_URL)."
  )
)

const list = Command.make(
  "list",
  { org, dataDir, publicBaseUrl, json },
  (options) =>
    withOperators(
      options,
      (service) =>
        Effect.flatMap(service.list(options.org), (operators) =>
          Console.log(options.json ? JSON.stringify(operators) : operators.map(line).join("\n")))
    )
).pipe(Command.withDescription("List the organisation's operators: id, email, role, added."))

const remove = Command.make(
  "remove",
  { org, dataDir, publicBaseUrl, operator: operatorId },
  (options) =>
    withOperators(
      options,
      (service) =>
        Effect.zipRight(
          service.remove(options.org, options.operator),
          Console.error(`Removed ${options.operator}; its sessions are ended`)
        )
    )
).pipe(Command.withDescription("Remove an operator: its sessions end and its sign-in links stop working at once."))

const revoke = Command.make(
  "revoke",
  { org, dataDir, publicBaseUrl, operator: operatorId },
  (options) =>
    withOperators(
      options,
      (service) =>
        Effect.flatMap(service.revokeSessions(options.org, options.operator), (count) =>
          Console.error(`Ended ${count} session(s) of ${options.operator}`))
    )
).pipe(Command.withDescription("End every console session of an operator (it signs in again by a new link)."))

const sessions = Command.make("sessions").pipe(
  Command.withDescription("An operator's console sessions."),
  Command.withSubcommands([revoke])
)

export const operators = Command.make("operators").pipe(
  Command.withDescription(
    "The people of an organisation's privacy team who use the console: add, list, remove, sessions revoke."
  ),
  Command.withSubcommands([add, list, remove, sessions])
)
