import {
  type ApiKeyLabel,
  decodeInput,
  defaultOrganizationSettings,
  NewApiKey,
  NewOrganization,
  type Organization,
  OrganizationId,
  type PatchOrganizationSettings
} from "@dsar/domain"
import { Effect, Either, Option, Schema } from "effect"
import { Conflict, fromDomainError, NotFound } from "../ApiErrors.js"
import { IdGenerator, SecretHasher } from "../ports/Crypto.js"
import { type ApiKey, OrganizationsStore } from "../ports/Stores.js"
import { currentDate } from "../Time.js"

const decodeId = Schema.decodeUnknownOption(OrganizationId)

/** A key as listed: never its secret or the secret's hash. */
export interface KeySummary {
  readonly key: string
  readonly label?: ApiKeyLabel
  readonly created_at: Date
  readonly revoked_at?: Date
}

const summary = ({ created_at, key, label, revoked_at }: ApiKey): KeySummary => ({
  key,
  ...(label !== undefined && { label }),
  created_at,
  ...(revoked_at !== undefined && { revoked_at })
})

/** What creating an organisation (or a key) returns: the only time its secret is ever shown. */
export interface OrganizationCredentials {
  readonly organization_id: OrganizationId
  readonly key: string
  readonly secret: string
}

export class OrganizationsService extends Effect.Service<OrganizationsService>()("@dsar/http/OrganizationsService", {
  effect: Effect.gen(function*() {
    const store = yield* OrganizationsStore
    const ids = yield* IdGenerator
    const hasher = yield* SecretHasher

    const create = (input: {
      readonly name: string
      readonly default_redirect_url: string
      readonly redirect_domains?: ReadonlyArray<string>
    }) =>
      Effect.gen(function*() {
        const valid = yield* Either.mapLeft(
          decodeInput(NewOrganization)({ ...input, redirect_domains: input.redirect_domains ?? [] }),
          fromDomainError
        )
        const now = yield* currentDate
        const organization: Organization = {
          id: OrganizationId.make(yield* ids.make("org")),
          created_at: now,
          ...valid,
          settings: defaultOrganizationSettings
        }
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
      Effect.flatMap(
        store.findById(id),
        Option.match({
          onNone: () =>
            Effect.fail(
              new NotFound({
                message: `No organisation ${id}`,
                errors: [{ path: "organization_id", message: "unknown" }]
              })
            ),
          onSome: Effect.succeed
        })
      )

    const newKey = (organization_id: OrganizationId, now: Date, label: ApiKeyLabel | undefined) =>
      Effect.gen(function*() {
        const key = yield* ids.make("key")
        const secret = yield* ids.token
        const row: ApiKey = {
          key,
          organization_id,
          secret_hash: yield* hasher.hash(secret),
          created_at: now,
          ...(label !== undefined && { label })
        }
        return { credentials: { organization_id, key, secret } satisfies OrganizationCredentials, row }
      })

    const noKey = (key: string) =>
      new NotFound({
        message: `No active key ${key} in this organisation`,
        errors: [{ path: "key", message: "unknown or revoked" }]
      })

    /** Another key and secret for the organisation, labelled if `input` says so; its other keys keep working. */
    const createKey = (organization_id: OrganizationId, input: { readonly label?: string } = {}) =>
      Effect.gen(function*() {
        const { label } = yield* Either.mapLeft(decodeInput(NewApiKey)(input), fromDomainError)
        yield* get(organization_id)
        const made = yield* newKey(organization_id, yield* currentDate, label)
        yield* store.insertKey(made.row)
        return made.credentials
      })

    const listKeys = (organization_id: OrganizationId) =>
      Effect.zipRight(get(organization_id), Effect.map(store.listKeys(organization_id), (keys) => keys.map(summary)))

    /** Revokes the key: it opens no new session, and its sessions are refused (see `REVOCATION_RECHECK`). */
    const revokeKey = (organization_id: OrganizationId, key: string) =>
      Effect.gen(function*() {
        yield* get(organization_id)
        if (!(yield* store.revokeKey(organization_id, key, yield* currentDate))) return yield* Effect.fail(noKey(key))
      })

    /** A new key in place of `key`, which is revoked, under its label: the new secret is shown once. */
    const rotateKey = (organization_id: OrganizationId, key: string) =>
      Effect.gen(function*() {
        yield* get(organization_id)
        const now = yield* currentDate
        const old = Option.filter(yield* store.findKey(key), (found) => found.organization_id === organization_id)
        const made = yield* newKey(organization_id, now, Option.getOrUndefined(old)?.label)
        yield* store.insertKey(made.row)
        if (!(yield* store.revokeKey(organization_id, key, now))) {
          yield* store.revokeKey(organization_id, made.row.key, now)
          return yield* Effect.fail(noKey(key))
        }
        return made.credentials
      })

    /** Applies a change of settings (each setting named replaced, `null` resetting it); answers the organisation as it now is. */
    const updateSettings = (organization_id: OrganizationId, patch: PatchOrganizationSettings) =>
      Effect.gen(function*() {
        const organization = yield* get(organization_id)
        const settings = { ...organization.settings, ...patch }
        const updated = yield* store.updateSettings(organization_id, settings).pipe(
          Effect.mapError(({ slug }) =>
            new Conflict({
              message: `Another organisation has the slug ${slug}`,
              errors: [{ path: "slug", message: "is taken by another organisation" }]
            })
          )
        )
        if (!updated) return yield* get(organization_id)
        return { ...organization, settings }
      })

    /**
     * Replaces the hosts the organisation's links may redirect to (none: any), checked as on
     * creation: each a host name, and the default redirect URL on one of them. Answers the organisation as it now is.
     */
    const updateRedirectDomains = (organization_id: OrganizationId, redirect_domains: ReadonlyArray<string>) =>
      Effect.gen(function*() {
        const organization = yield* get(organization_id)
        const valid = yield* Either.mapLeft(
          decodeInput(NewOrganization)({
            name: organization.name,
            default_redirect_url: organization.default_redirect_url,
            redirect_domains
          }),
          fromDomainError
        )
        if (!(yield* store.updateRedirectDomains(organization_id, valid.redirect_domains))) {
          return yield* get(organization_id)
        }
        return { ...organization, redirect_domains: valid.redirect_domains }
      })

    /**
     * The organisation an address names, by its id or else its slug (ids have a `_`, slugs never
     * do, so one can never stand for the other).
     */
    const findByIdOrSlug = (name: string) =>
      Effect.flatMap(
        Option.match(decodeId(name), { onNone: () => Effect.succeedNone, onSome: store.findById }),
        Option.match({ onSome: (found) => Effect.succeedSome(found), onNone: () => store.findBySlug(name) })
      )

    return {
      create,
      get,
      findByIdOrSlug,
      count: store.count,
      createKey,
      listKeys,
      revokeKey,
      rotateKey,
      updateSettings,
      updateRedirectDomains
    } as const
  })
}) {}
