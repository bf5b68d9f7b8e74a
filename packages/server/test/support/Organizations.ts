import { type OrganizationCredentials, OrganizationsService } from "@dsar/http"
import { Context, Effect, Layer } from "effect"
import { dsar } from "./Process.js"

/**
 * Where a test's organisations come from, so the same test code runs in process and against a
 * spawned `dsar serve`: the server's own service, or the `dsar orgs create` command beside it.
 */
export class Organizations extends Context.Tag("test/Organizations")<
  Organizations,
  { readonly create: (name: string) => Effect.Effect<OrganizationCredentials> }
>() {}

const redirectUrl = "https://acme.example/privacy/confirmed"

/** Through the `OrganizationsService` of the in-process server. */
export const inProcessOrganizations = Layer.effect(
  Organizations,
  Effect.map(OrganizationsService, (organizations) => ({
    create: (name: string) => Effect.orDie(organizations.create({ name, default_redirect_url: redirectUrl }))
  }))
)

/** Through `dsar orgs create` on the data directory a spawned server runs on (SQLite). */
export const cliOrganizations = (dataDir: string) =>
  Layer.succeed(Organizations, {
    create: (name: string) =>
      Effect.flatMap(
        Effect.promise(() =>
          dsar(["orgs", "create", "--name", name, "--redirect-url", redirectUrl, "--data-dir", dataDir])
        ),
        (finished) =>
          finished.code === 0
            ? Effect.succeed(JSON.parse(finished.stdout) as OrganizationCredentials)
            : Effect.dieMessage(`dsar orgs create exited with ${finished.code}: ${finished.stderr}`)
      )
  })

export const newOrganization = (name = "Acme") =>
  Effect.flatMap(Organizations, (organizations) => organizations.create(name))
