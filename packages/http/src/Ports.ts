import type { FormTokenSigner, HistoryDigest, IdGenerator, SecretHasher, TokenSigner } from "./ports/Crypto.js"
import type { OperatorsStore } from "./ports/Operators.js"
import type { Outbox } from "./ports/Outbox.js"
import type {
  EmailTemplatesStore,
  ErasureStore,
  HistoryStore,
  LinksStore,
  NotesStore,
  OrganizationsStore,
  RequestsStore,
  Transactor,
  UsersStore
} from "./ports/Stores.js"
import type { UnverifiedStore } from "./ports/Unverified.js"
import type { WebhooksStore } from "./ports/Webhooks.js"

/** Everything a storage adapter provides, the digest its history is chained with included. */
export type StorePorts =
  | RequestsStore
  | UsersStore
  | LinksStore
  | NotesStore
  | HistoryStore
  | OrganizationsStore
  | Transactor
  | Outbox
  | ErasureStore
  | HistoryDigest
  | EmailTemplatesStore
  | WebhooksStore
  | OperatorsStore
  | UnverifiedStore

/** Everything a crypto adapter provides. */
export type CryptoPorts = IdGenerator | SecretHasher | TokenSigner | FormTokenSigner
