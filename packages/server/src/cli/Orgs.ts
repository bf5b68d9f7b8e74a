import { defaultedPublicBaseUrl, donePageUrl, OrganizationsService } from "@dsar/http"
import { Command, Options } from "@effect/cli"
import { Console, Effect, Option } from "effect"
import { dataDir, publicBaseUrl } from "../Config.js"
import { backend } from "./Backend.js"

const redirectUrl = Options.text("redirect-url").pipe(
  Options.withDescription(
    "Where requesters land after confirming a link the API created; on one of the redirect domains, when given "
      + "(default: the server's thank-you page, /links/done under the public base URL)."
  ),
  Options.optional
)

const redirectDomains = Options.text("redirect-domain").pipe(
  Options.withDescription(
    "A host name links may redirect to, with its subdomains, e.g. example.org; repeat for several "
      + "(default: any)."
  ),
  Options.repeated
)

const createOrganization = Command.make(
  "create",
  {
    name: Options.text("name").pipe(Options.withDescription("The organisation's name.")),
    dataDir,
    publicBaseUrl,
    redirectUrl,
    redirectDomains
  },
  (options) =>
    Effect.gen(function*() {
      const base = yield* defaultedPublicBaseUrl(options.publicBaseUrl)
      const { organizations } = yield* backend(options.dataDir)
      const credentials = yield* Effect.flatMap(OrganizationsService, (service) =>
        service.create({
          name: options.name,
          default_redirect_url: Option.getOrElse(options.redirectUrl, () => donePageUrl(base)),
          redirect_domains: options.redirectDomains
        })).pipe(Effect.provide(organizations))
      yield* Console.log(JSON.stringify(credentials))
    })
).pipe(Command.withDescription("Create an organisation and print its API key and secret (shown only here) as JSON."))

export const orgs = Command.make("orgs").pipe(
  Command.withDescription("Manage organisations."),
  Command.withSubcommands([createOrganization])
)
