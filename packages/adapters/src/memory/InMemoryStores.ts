import { Layer } from "effect"
import * as Digest from "../crypto/HistoryDigest.js"
import * as EmailTemplates from "./EmailTemplatesStore.js"
import * as Erasure from "./ErasureStore.js"
import * as History from "./HistoryStore.js"
import * as Links from "./LinksStore.js"
import { MemoryDatabase } from "./MemoryDatabase.js"
import * as Notes from "./NotesStore.js"
import * as Operators from "./OperatorsStore.js"
import * as Organizations from "./OrganizationsStore.js"
import * as Outbox from "./Outbox.js"
import * as Requests from "./RequestsStore.js"
import * as Transactor from "./Transactor.js"
import * as Unverified from "./UnverifiedStore.js"
import * as Users from "./UsersStore.js"
import * as Webhooks from "./WebhooksStore.js"

/**
 * Every storage port over one in-memory database. Each build of the layer starts empty, so a test
 * that provides it gets a database of its own.
 */
export const InMemoryStores = {
  layer: Layer.mergeAll(
    Requests.layer,
    Users.layer,
    Links.layer,
    Notes.layer,
    History.layer,
    Organizations.layer,
    Transactor.layer,
    Outbox.layer,
    Erasure.layer,
    EmailTemplates.layer,
    Webhooks.layer,
    Operators.layer,
    Unverified.layer
  ).pipe(Layer.provide(MemoryDatabase.layer), Layer.provideMerge(Digest.layer))
} as const
