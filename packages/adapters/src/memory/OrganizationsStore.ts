import { Organization } from "@dsar/domain"
import { ApiKey, OrganizationsStore } from "@dsar/http"
import { Effect, Either, HashMap, Layer } from "effect"
import { references, uniqueKey } from "./Constraints.js"
import { MemoryDatabase } from "./MemoryDatabase.js"
import { stored } from "./Stored.js"

const storedOrganization = stored(Organization)
const storedKey = stored(ApiKey)

export const layer = Layer.effect(
  OrganizationsStore,
  Effect.map(MemoryDatabase, (db) => ({
    insert: (organization, key) =>
      Effect.flatMap(Effect.all([storedOrganization(organization), storedKey(key)]), ([org, apiKey]) =>
        db.write((state) =>
          Either.gen(function* () {
            yield* uniqueKey("organizations.id", state.organizations, org.id)
            const organizations = HashMap.set(state.organizations, org.id, org)
            yield* uniqueKey("api_keys.key", state.apiKeys, apiKey.key)
            yield* references("api_keys.organization_id", HashMap.has(organizations, apiKey.organization_id))
            return [undefined, { ...state, organizations, apiKeys: HashMap.set(state.apiKeys, apiKey.key, apiKey) }] as const
          })
        )
      ),

    findById: (id) => db.read((state) => HashMap.get(state.organizations, id)),
    findKey: (key) => db.read((state) => HashMap.get(state.apiKeys, key)),
    count: db.read((state) => HashMap.size(state.organizations))
  }))
)
