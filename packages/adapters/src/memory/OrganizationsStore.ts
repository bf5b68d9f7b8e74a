import { Organization, OrganizationSettings } from "@dsar/domain"
import { ApiKey, OrganizationsStore, SlugTaken } from "@dsar/http"
import { Array as Arr, Effect, Either, HashMap, Layer, Option, Order } from "effect"
import { references, uniqueKey } from "./Constraints.js"
import { MemoryDatabase } from "./MemoryDatabase.js"
import { stored } from "./Stored.js"

const storedOrganization = stored(Organization)
const storedKey = stored(ApiKey)
const storedSettings = stored(OrganizationSettings)

export const layer = Layer.effect(
  OrganizationsStore,
  Effect.map(MemoryDatabase, (db) => ({
    insert: (organization, key) =>
      Effect.flatMap(
        Effect.all([storedOrganization(organization), storedKey(key)]),
        ([org, apiKey]) =>
          db.write((state) =>
            Either.gen(function*() {
              yield* uniqueKey("organizations.id", state.organizations, org.id)
              const organizations = HashMap.set(state.organizations, org.id, org)
              yield* uniqueKey("api_keys.key", state.apiKeys, apiKey.key)
              yield* references("api_keys.organization_id", HashMap.has(organizations, apiKey.organization_id))
              return [undefined, {
                ...state,
                organizations,
                apiKeys: HashMap.set(state.apiKeys, apiKey.key, apiKey)
              }] as const
            })
          )
      ),

    findById: (id) => db.read((state) => HashMap.get(state.organizations, id)),
    findBySlug: (slug) =>
      db.read((state) =>
        Option.map(
          HashMap.findFirst(state.organizations, (organization) => organization.settings.slug === slug),
          ([, o]) => o
        )
      ),
    findKey: (key) => db.read((state) => HashMap.get(state.apiKeys, key)),
    count: db.read((state) => HashMap.size(state.organizations)),

    // The unique index of the SQL stores, checked in the same write: a slug another organisation holds fails it.
    updateSettings: (id, settings) =>
      Effect.flatMap(storedSettings(settings), (row) => {
        const taken = (other: Organization) => row.slug !== null && other.id !== id && other.settings.slug === row.slug
        return Effect.flatMap(
          db.write((state) =>
            Either.right(
              Option.match(HashMap.get(state.organizations, id), {
                onNone: () => ["unknown", state] as const,
                onSome: (organization) =>
                  HashMap.some(state.organizations, taken)
                    ? ["taken", state] as const
                    : ["updated", {
                      ...state,
                      organizations: HashMap.set(state.organizations, id, { ...organization, settings: row })
                    }] as const
              })
            )
          ),
          (outcome) =>
            outcome === "taken"
              ? Effect.fail(new SlugTaken({ slug: row.slug! }))
              : Effect.succeed(outcome === "updated")
        )
      }),
    updateRedirectDomains: (id, domains) =>
      db.write((state) =>
        Option.match(HashMap.get(state.organizations, id), {
          onNone: () => Either.right([false, state] as const),
          onSome: (organization) =>
            Either.right(
              [true, {
                ...state,
                organizations: HashMap.set(state.organizations, id, { ...organization, redirect_domains: [...domains] })
              }] as const
            )
        })
      ),
    insertKey: (key) =>
      Effect.flatMap(storedKey(key), (apiKey) =>
        db.write((state) =>
          Either.gen(function*() {
            yield* uniqueKey("api_keys.key", state.apiKeys, apiKey.key)
            yield* references("api_keys.organization_id", HashMap.has(state.organizations, apiKey.organization_id))
            return [undefined, { ...state, apiKeys: HashMap.set(state.apiKeys, apiKey.key, apiKey) }] as const
          })
        )),

    listKeys: (organization_id) =>
      db.read((state) =>
        Arr.sort(
          Arr.filter(HashMap.toValues(state.apiKeys), (key) => key.organization_id === organization_id),
          Order.mapInput(Order.tuple(Order.Date, Order.string), (key: ApiKey) => [key.created_at, key.key] as const)
        )
      ),

    revokeKey: (organization_id, key, at) =>
      db.write((state) => {
        const found = Option.filter(
          HashMap.get(state.apiKeys, key),
          (k) => k.organization_id === organization_id && k.revoked_at === undefined
        )
        if (Option.isNone(found)) return Either.right([false, state] as const)
        const apiKeys = HashMap.set(state.apiKeys, key, { ...found.value, revoked_at: at })
        return Either.right([true, { ...state, apiKeys }] as const)
      }),

    endSession: (token_digest, expires_at) =>
      db.write((state) =>
        Either.right(
          [undefined, { ...state, endedSessions: HashMap.set(state.endedSessions, token_digest, expires_at) }] as const
        )
      ),

    sessionEnded: (token_digest) => db.read((state) => HashMap.has(state.endedSessions, token_digest))
  }))
)
