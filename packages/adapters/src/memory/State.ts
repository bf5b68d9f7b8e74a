import type {
  ChainHead,
  HistoryEntryId,
  HistoryRecord,
  LinkId,
  Note,
  NoteId,
  Operator,
  OperatorId,
  Organization,
  OrganizationId,
  Request,
  RequestId,
  User,
  UserId
} from "@dsar/domain"
import type {
  ApiKey,
  DeliveryState,
  OutboxMessage,
  QueuedWebhook,
  StoredConsoleSession,
  StoredEmailTemplate,
  StoredLink,
  StoredSignInLink,
  StoredWebhookEndpoint,
  Versioned
} from "@dsar/http"
import { HashMap } from "effect"

/** A row of an append-only table, with the insertion rank a database's sequence column gives. */
export interface Sequenced<A> {
  readonly seq: number
  readonly value: A
}

/** A row of the outbox: the message, the worker's bookkeeping, when it was delivered or given up on. */
export interface OutboxEntry {
  readonly message: OutboxMessage
  readonly delivery: DeliveryState
  readonly delivered_at: Date | null
  readonly failed_at: Date | null
}

/** A row of the webhooks' outbox: the message and the worker's bookkeeping. */
export interface WebhookEntry {
  readonly message: QueuedWebhook
  readonly attempts: number
  readonly next_attempt_at: Date
  readonly last_attempt_at: Date | null
  readonly last_status: number | null
  readonly last_error: string | null
  readonly delivered_at: Date | null
  readonly failed_at: Date | null
}

/**
 * Every table of the in-memory database. Persistent maps make a snapshot free, which is what
 * transactions and their rollbacks rely on.
 */
export interface State {
  readonly seq: number
  readonly organizations: HashMap.HashMap<OrganizationId, Organization>
  readonly apiKeys: HashMap.HashMap<string, ApiKey>
  /** Ended sessions: token digest to the token's expiry. */
  readonly endedSessions: HashMap.HashMap<string, Date>
  readonly users: HashMap.HashMap<UserId, User>
  readonly requests: HashMap.HashMap<RequestId, Versioned<Request>>
  readonly links: HashMap.HashMap<LinkId, StoredLink>
  readonly notes: HashMap.HashMap<NoteId, Sequenced<Note>>
  readonly history: HashMap.HashMap<HistoryEntryId, Sequenced<HistoryRecord>>
  /** Each organisation's history head, moved by every append. */
  readonly historyHeads: HashMap.HashMap<OrganizationId, ChainHead>
  readonly outbox: HashMap.HashMap<string, Sequenced<OutboxEntry>>
  /** By organisation, type and language (see `EmailTemplatesStore`). */
  readonly emailTemplates: HashMap.HashMap<string, StoredEmailTemplate>
  readonly webhookEndpoints: HashMap.HashMap<string, Sequenced<StoredWebhookEndpoint>>
  readonly webhookDeliveries: HashMap.HashMap<string, Sequenced<WebhookEntry>>
  /** Requests whose `request.overdue` was emitted, by id, with when. */
  readonly overdueEmitted: HashMap.HashMap<RequestId, Date>
  /** Unverified requests whose requester was reminded, by id, with when. */
  readonly reminded: HashMap.HashMap<RequestId, Date>
  readonly operators: HashMap.HashMap<OperatorId, Sequenced<Operator>>
  readonly signInLinks: HashMap.HashMap<string, StoredSignInLink>
  readonly consoleSessions: HashMap.HashMap<string, StoredConsoleSession>
}

export const empty: State = {
  seq: 0,
  organizations: HashMap.empty(),
  apiKeys: HashMap.empty(),
  endedSessions: HashMap.empty(),
  users: HashMap.empty(),
  requests: HashMap.empty(),
  links: HashMap.empty(),
  notes: HashMap.empty(),
  history: HashMap.empty(),
  historyHeads: HashMap.empty(),
  outbox: HashMap.empty(),
  emailTemplates: HashMap.empty(),
  webhookEndpoints: HashMap.empty(),
  webhookDeliveries: HashMap.empty(),
  overdueEmitted: HashMap.empty(),
  reminded: HashMap.empty(),
  operators: HashMap.empty(),
  signInLinks: HashMap.empty(),
  consoleSessions: HashMap.empty()
}
