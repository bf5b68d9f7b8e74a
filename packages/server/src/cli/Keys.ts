import { OrganizationId } from "@dsar/domain"
import { type KeySummary, OrganizationsService } from "@dsar/http"
import { Args, Command, Options } from "@effect/cli"
import { Console, Effect, Option } from "effect"
import { dataDir } from "../Config.js"
import { backend } from "./Backend.js"
import { reportFailures } from "./Failure.js"
import { json } from "./Output.js"

// Keys are managed on the data directory (or DATABASE_URL's database), as organisations are
// created: whoever may run these holds the database already, and no API key can mint or revoke one.

export const org = Options.text("org").pipe(
  Options.withDescription("The organisation whose keys these are."),
  Options.withSchema(OrganizationId)
)

const key = Args.text({ name: "key" }).pipe(Args.withDescription("The API key, key_..."))

export const withOrganizations = <A, E, R>(
  directory: string,
  command: (service: OrganizationsService) => Effect.Effect<A, E, R>
) =>
  Effect.gen(function*() {
    const { organizations } = yield* backend(directory)
    return yield* reportFailures(Effect.provide(Effect.flatMap(OrganizationsService, command), organizations))
  })

const keyLine = (summary: KeySummary) =>
  [
    summary.key,
    summary.created_at.toISOString(),
    summary.revoked_at === undefined ? "active" : `revoked ${summary.revoked_at.toISOString()}`,
    ...(summary.label === undefined ? [] : [summary.label])
  ].join("  ")

const label = Options.text("label").pipe(
  Options.withDescription("What the key is for, such as \"Zendesk integration\", to tell it from the others."),
  Options.optional
)

const list = Command.make(
  "list",
  { org, dataDir, json },
  (options) =>
    withOrganizations(
      options.dataDir,
      (service) =>
        Effect.flatMap(service.listKeys(options.org), (keys) =>
          Console.log(options.json ? JSON.stringify(keys) : keys.map(keyLine).join("\n")))
    )
).pipe(
  Command.withDescription("List the organisation's keys (never their secrets): key, created, active or revoked, label.")
)

const create = Command.make(
  "create",
  { org, dataDir, label },
  (options) =>
    withOrganizations(
      options.dataDir,
      (service) =>
        Effect.flatMap(
          service.createKey(
            options.org,
            Option.match(options.label, { onNone: () => ({}), onSome: (label) => ({ label }) })
          ),
          (credentials) => Console.log(JSON.stringify(credentials))
        )
    )
).pipe(
  Command.withDescription(
    "Create another key, labelled with --label, and print it with its secret (shown only here) as JSON."
  )
)

const revoke = Command.make(
  "revoke",
  { org, dataDir, key },
  (options) =>
    withOrganizations(
      options.dataDir,
      (service) => Effect.zipRight(service.revokeKey(options.org, options.key), Console.error(`Revoked ${options.key}`))
    )
).pipe(
  Command.withDescription(
    "Revoke a key: it opens no new session, and its open sessions are refused by every server within 5 seconds."
  )
)

const rotate = Command.make(
  "rotate",
  { org, dataDir, key },
  (options) =>
    withOrganizations(
      options.dataDir,
      (service) =>
        Effect.flatMap(service.rotateKey(options.org, options.key), (credentials) =>
          Console.log(JSON.stringify(credentials)))
    )
).pipe(
  Command.withDescription(
    "Replace a key: print a new key (under the old one's label) and secret as JSON, and revoke the old key."
  )
)

export const keys = Command.make("keys").pipe(
  Command.withDescription("Manage an organisation's API keys: list, create, revoke, rotate."),
  Command.withSubcommands([list, create, revoke, rotate])
)
