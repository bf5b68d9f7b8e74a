import { LocalPrivacyRequests } from "@dsar/adapters"
import { InMemoryStores } from "@dsar/adapters/memory"
import { SqliteStores } from "@dsar/adapters/sqlite"
import { OrganizationUserId } from "@dsar/domain"
import { PrivacyRequests } from "@dsar/http"
import { Effect, Layer } from "effect"

// A ready PrivacyRequests in one step: an organisation is created on the storage it is given.
const acme = LocalPrivacyRequests.withNewOrganization({
  organization: { name: "Acme", default_redirect_url: "https://acme.example/privacy/thanks" },
  publicBaseUrl: "https://privacy.acme.example"
})
export const inMemory = acme.pipe(Layer.provide(InMemoryStores.layer))
export const onSqlite = (filename: string) => acme.pipe(Layer.provide(SqliteStores.layer({ filename })))

export const receiveRequest = Effect.gen(function*() {
  const requests = yield* PrivacyRequests
  // The organisation's API key and secret, for a `dsar serve` on the same storage.
  const { organization_id } = yield* LocalPrivacyRequests.NewOrganization
  const request = yield* requests.create({
    organization_user_id: OrganizationUserId.make("jane"),
    user_right_id: "cpra_access_my_data",
    status: "unverified",
    request_fields: [{ field_id: "email", value: "jane@example.org" }],
    source: { type: "DSAR" }
  })
  return { organization_id, request }
})
