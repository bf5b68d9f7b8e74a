import { decodeInput, NewOrganization, type Organization, OrganizationId } from "@dsar/domain"
import { Effect, Either, Option } from "effect"
import { fromDomainError, NotFound } from "../ApiErrors.js"
import { IdGenerator, SecretHasher } from "../ports/Crypto.js"
import { OrganizationsStore } from "../ports/Stores.js"
import { currentDate } from "../Time.js"

/** What creating an organisation returns: the only time its secret is ever shown. */
export interface OrganizationCredentials {
  readonly organization_id: OrganizationId
  readonly key: string
  readonly secret: string
}

export class OrganizationsService extends Effect.Service<OrganizationsService>()("@dsar/http/OrganizationsService", {
  effect: Effect.gen(function* () {
    const store = yield* OrganizationsStore
    const ids = yield* IdGenerator
    const hasher = yield* SecretHasher

    const create = (input: {
      readonly name: string
      readonly default_redirect_url: string
      readonly redirect_domains?: ReadonlyArray<string>
    }) =>
      Effect.gen(function* () {
        const valid = yield* Either.mapLeft(
          decodeInput(NewOrganization)({ ...input, redirect_domains: input.redirect_domains ?? [] }),
          fromDomainError
        )
        const now = yield* currentDate
        const organization: Organization = { id: OrganizationId.make(yield* ids.make("org")), created_at: now, ...valid }
        const key = yield* ids.make("key")
        const secret = yield* ids.token
        yield* store.insert(organization, {
          key,
          organization_id: organization.id,
          secret_hash: yield* hasher.hash(secret),
          created_at: now
        })
        return { organization_id: organization.id, key, secret } satisfies OrganizationCredentials
      })

    const get = (id: OrganizationId) =>
      Effect.flatMap(store.findById(id), Option.match({
        onNone: () => Effect.fail(new NotFound({ message: `No organisation ${id}`, errors: [{ path: "organization_id", message: "unknown" }] })),
        onSome: Effect.succeed
      }))

    return { create, get, count: store.count } as const
  })
}) {}
