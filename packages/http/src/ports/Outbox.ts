import type { LinkId, OrganizationId, RequestId, Status } from "@dsar/domain"
import { Context, type Effect } from "effect"

export type EmailKind = "approval" | "renewal" | "status_notice"

/**
 * An email to the requester, written in the same transaction as the change that causes it and
 * delivered later by a worker; `id` doubles as the message id receivers use to drop duplicates.
 */
export interface OutboxMessage {
  readonly id: string
  readonly organization_id: OrganizationId
  readonly request_id: RequestId
  readonly kind: EmailKind
  readonly to: string
  readonly created_at: Date
  /** What the template needs: the link and its expiry, the new status, extra message variables. */
  readonly variables: {
    readonly link_id?: LinkId
    readonly url?: string
    readonly expires_at?: string
    readonly status?: Status
    readonly extra_message_variables?: Readonly<Record<string, string>>
  }
}

export class Outbox extends Context.Tag("@dsar/http/Outbox")<
  Outbox,
  {
    readonly enqueue: (message: OutboxMessage) => Effect.Effect<void>
    /** Messages not delivered yet, oldest first. */
    readonly pending: (limit: number) => Effect.Effect<ReadonlyArray<OutboxMessage>>
  }
>() {}
