import { defaultedPublicBaseUrl, donePageUrl, OrganizationsService, Payloads, received } from "@dsar/http"
import { Command, Options } from "@effect/cli"
import { Console, Effect, Option } from "effect"
import { dataDir, publicBaseUrl } from "../Config.js"
import { backend } from "./Backend.js"
import { org, withOrganizations } from "./Keys.js"

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

const setting = (name: string, description: string) =>
  Options.text(name).pipe(Options.withDescription(`${description} "none" resets it.`), Options.optional)

const settingsOptions = {
  senderName: setting("sender-name", "The name emails are sent under (default: the organisation's name)."),
  replyTo: setting("reply-to", "Where requesters' replies go."),
  logoUrl: setting("logo-url", "An https URL of the logo atop emails and link pages."),
  primaryColor: setting("primary-color", "The colour of buttons, #rrggbb."),
  backgroundColor: setting("background-color", "The colour around emails and link pages, #rrggbb."),
  slug: setting(
    "slug",
    "The organisation's name in its requesters' form address, /privacy/<slug>: 3 to 63 of a-z, 0-9 and inner -."
  ),
  defaultLanguage: Options.text("default-language").pipe(
    Options.withDescription("The language of requests that name none: en, fr, de or es."),
    Options.optional
  )
}

const settings = Command.make(
  "settings",
  { org, dataDir, ...settingsOptions },
  (options) =>
    withOrganizations(options.dataDir, (service) =>
      Effect.gen(function*() {
        const given = (value: Option.Option<string>) => Option.map(value, (text) => (text === "none" ? null : text))
        const patch = Object.fromEntries(
          Object.entries({
            sender_name: given(options.senderName),
            reply_to: given(options.replyTo),
            logo_url: given(options.logoUrl),
            primary_color: given(options.primaryColor),
            background_color: given(options.backgroundColor),
            slug: given(options.slug),
            default_language: options.defaultLanguage
          }).flatMap(([key, value]) => (Option.isSome(value) ? [[key, value.value]] : []))
        )
        const valid = yield* received(Payloads.patchOrganization)(patch)
        const organization = yield* service.updateSettings(options.org, valid)
        yield* Console.log(JSON.stringify(organization.settings))
      }))
).pipe(
  Command.withDescription(
    "Show an organisation's settings (how its emails and link pages look, its default language) as JSON, changing those given first."
  )
)

export const orgs = Command.make("orgs").pipe(
  Command.withDescription("Manage organisations."),
  Command.withSubcommands([createOrganization, settings])
)
