import { Language } from "@dsar/domain"
import { EmailTemplatesService, Payloads, received } from "@dsar/http"
import { Args, Command, Options } from "@effect/cli"
import { Console, Effect, Layer, Option } from "effect"
import { readFileSync } from "node:fs"
import { dataDir } from "../Config.js"
import { backend } from "./Backend.js"
import { reportFailures } from "./Failure.js"
import { org } from "./Keys.js"

// An organisation's email templates on its data directory, as `/dsar/emails` manages them through
// the API: the same service, the same checks.

const type = Args.text({ name: "type" }).pipe(Args.withDescription("The type of email, e.g. approval (see list)."))

const language = Options.text("language").pipe(
  Options.withDescription("The template's language: en, fr, de or es (default: the organisation's)."),
  Options.withSchema(Language),
  Options.optional
)

const withTemplates = <A, E, R>(
  directory: string,
  command: (service: EmailTemplatesService) => Effect.Effect<A, E, R>
) =>
  Effect.gen(function*() {
    const { crypto, organizations, stores } = yield* backend(directory)
    const service = EmailTemplatesService.Default.pipe(Layer.provide(Layer.mergeAll(stores, crypto, organizations)))
    return yield* reportFailures(Effect.provide(Effect.flatMap(EmailTemplatesService, command), service))
  })

const print = (value: unknown) => Console.log(JSON.stringify(value, null, 2))

const list = Command.make(
  "list",
  { org, dataDir, language },
  (options) =>
    withTemplates(
      options.dataDir,
      (service) =>
        Effect.flatMap(service.list(options.org, Option.getOrUndefined(options.language)), (all) =>
          Console.log(
            all.map((entry) => `${entry.type}  ${entry.language}  ${entry.custom ? "custom" : "built-in"}`).join("\n")
          ))
    )
).pipe(Command.withDescription("Every type of email and whether the organisation replaced its template."))

const get = Command.make(
  "get",
  { org, dataDir, language, type },
  (options) =>
    withTemplates(
      options.dataDir,
      (service) =>
        Effect.flatMap(service.get(options.org, options.type, Option.getOrUndefined(options.language)), print)
    )
).pipe(Command.withDescription("One type of email's template, as JSON."))

const templateOptions = {
  subject: Options.text("subject").pipe(Options.withDescription("The subject template.")),
  textFile: Options.file("text-file").pipe(Options.withDescription("A file holding the text body template.")),
  htmlFile: Options.file("html-file").pipe(Options.withDescription("A file holding the HTML body template."))
}

const readTemplate = (options: { subject: string; textFile: string; htmlFile: string }) =>
  received(Payloads.saveEmailTemplate)({
    subject: options.subject,
    text: readFileSync(options.textFile, "utf8"),
    html: readFileSync(options.htmlFile, "utf8")
  })

const set = Command.make(
  "set",
  { org, dataDir, language, type, ...templateOptions },
  (options) =>
    withTemplates(options.dataDir, (service) =>
      Effect.flatMap(
        readTemplate(options),
        (template) =>
          Effect.flatMap(
            service.save(options.org, options.type, Option.getOrUndefined(options.language), template),
            print
          )
      ))
).pipe(Command.withDescription("Replace a type of email's template (checked: unknown variables, unbalanced sections)."))

const preview = Command.make(
  "preview",
  { org, dataDir, language, type },
  (options) =>
    withTemplates(options.dataDir, (service) =>
      Effect.flatMap(
        service.preview(options.org, options.type, Option.getOrUndefined(options.language), undefined),
        (email) => Console.log(`Subject: ${email.subject}\n\n${email.text}`)
      ))
).pipe(
  Command.withDescription("The type of email as the template in use renders it with sample data (subject and text).")
)

const reset = Command.make(
  "reset",
  { org, dataDir, language, type },
  (options) =>
    withTemplates(
      options.dataDir,
      (service) =>
        Effect.flatMap(service.reset(options.org, options.type, Option.getOrUndefined(options.language)), print)
    )
).pipe(Command.withDescription("Back to the built-in template of a type of email."))

export const templates = Command.make("templates").pipe(
  Command.withDescription("An organisation's email templates, per type and language."),
  Command.withSubcommands([list, get, set, preview, reset])
)
