import {
  type Link,
  type Note,
  recipientOf,
  type Request,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret
} from "@dsar/domain"
import type { RequestEmail } from "@dsar/http"
import { Options } from "@effect/cli"
import Table from "cli-table3"
import { Console, Effect, Schema } from "effect"

export const json = Options.boolean("json").pipe(
  Options.withDescription("Print the API's JSON, for scripts, instead of a table.")
)

/** `YYYY-MM-DD HH:MM`, in UTC: precise enough to read, short enough for a column. */
const instant = (date: Date) => date.toISOString().slice(0, 16).replace("T", " ")

const grid = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) => {
  const table = new Table({ head: [...head], style: { head: [], border: [], compact: true } })
  for (const row of rows) table.push([...row])
  return table.toString()
}

const fields = (entries: ReadonlyArray<readonly [string, string]>) => {
  const table = new Table({ style: { head: [], border: [] } })
  for (const [name, value] of entries) table.push({ [name]: value })
  return table.toString()
}

/** Where the request's emails go. */
export const emailOf = (request: Request) => recipientOf(request) ?? ""

export const requestsTable = (requests: ReadonlyArray<Request>) =>
  grid(
    ["id", "status", "right", "user", "email", "created (UTC)", "due (UTC)", "duplicate of"],
    requests.map((request) => [
      request.id,
      request.status,
      request.user_right_id,
      request.organization_user_id,
      emailOf(request),
      instant(request.created_at),
      instant(request.expires_at),
      request.duplicate_of ?? ""
    ])
  )

export const requestDetails = (request: Request) =>
  fields([
    ["id", request.id],
    ["status", request.status],
    ["right", `${request.user_right_id} (${request.regulation_id})`],
    ["user", request.organization_user_id],
    ["email", emailOf(request)],
    ["created (UTC)", instant(request.created_at)],
    ["updated (UTC)", instant(request.updated_at)],
    ["due (UTC)", instant(request.expires_at)],
    ["approval link", request.validation?.approve_url ?? ""],
    ...(request.duplicate_of === undefined ? [] : [["possible duplicate of", request.duplicate_of] as const]),
    ["metadata", JSON.stringify(request.metadata)],
    ["message variables", JSON.stringify(request.extra_message_variables)],
    ...(request.refusal === undefined
      ? []
      : [["refused because", [request.refusal.reason, request.refusal.details].filter(Boolean).join(": ")] as const]),
    ...(request.erasure === undefined
      ? []
      : [
        [
          "erased (UTC)",
          `${instant(request.erasure.at)} by ${request.erasure.by.type} ${request.erasure.by.id}`
        ] as const
      ])
  ])

/** The emails given up on, for people: `failed` with how many attempts and the last error; empty when none. */
export const failedEmails = (emails: ReadonlyArray<RequestEmail>) => {
  const failed = emails.filter((email) => email.state === "failed")
  return failed.length === 0
    ? ""
    : `Failed emails (retry with: dsar requests retry-email <request-id>):\n${
      grid(
        ["id", "kind", "attempts", "failed (UTC)", "last error"],
        failed.map((email) => [
          email.id,
          email.kind,
          String(email.attempts),
          email.failed_at === null ? "" : instant(email.failed_at),
          email.last_error ?? ""
        ])
      )
    }`
}

export const emailsTable = (emails: ReadonlyArray<RequestEmail>) =>
  grid(
    ["id", "kind", "state", "attempts", "last error"],
    emails.map((email) => [email.id, email.kind, email.state, String(email.attempts), email.last_error ?? ""])
  )

export const linkDetails = (link: Link) =>
  fields([
    ["id", link.id],
    ["url", link.url],
    ["sets", `${link.event.request_id} to ${link.event.status}`],
    ["redirects to", link.redirect_url],
    ["expires (UTC)", instant(link.expires_at)]
  ])

export const notesTable = (notes: ReadonlyArray<Note>) =>
  grid(["id", "created (UTC)", "note"], notes.map((note) => [note.id, instant(note.created_at), note.value]))

export const webhooksTable = (endpoints: ReadonlyArray<WebhookEndpoint>) =>
  grid(
    ["id", "url", "events", "created (UTC)"],
    endpoints.map((endpoint) => [
      endpoint.id,
      endpoint.url,
      endpoint.event_types.join(", "),
      instant(endpoint.created_at)
    ])
  )

export const webhookDetails = (endpoint: WebhookEndpointWithSecret) =>
  fields([
    ["id", endpoint.id],
    ["url", endpoint.url],
    ["events", endpoint.event_types.join(", ")],
    ["secret", endpoint.secret],
    [
      "previous secret signs until (UTC)",
      endpoint.previous_secret_expires_at === null ? "" : instant(endpoint.previous_secret_expires_at)
    ]
  ])

export const deliveriesTable = (deliveries: ReadonlyArray<WebhookDelivery>) =>
  grid(
    ["id", "event", "request", "state", "attempts", "last answer", "created (UTC)"],
    deliveries.map((delivery) => [
      delivery.id,
      delivery.event_type,
      delivery.payload.data.request_id,
      delivery.state,
      String(delivery.attempts),
      delivery.last_status === null ? delivery.last_error ?? "" : `HTTP ${delivery.last_status}`,
      instant(delivery.created_at)
    ])
  )

/** `value` as the API's JSON when `asJson`, else as `render` shows it to people. */
export const show = <A, I>(asJson: boolean, schema: Schema.Schema<A, I>, render: (value: A) => string) => (value: A) =>
  asJson
    ? Effect.flatMap(
      Effect.orDie(Schema.encode(schema)(value)),
      (encoded) => Console.log(JSON.stringify(encoded, null, 2))
    )
    : Console.log(render(value))
