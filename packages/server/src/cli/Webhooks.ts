import {
  DefaultSecretOverlapSeconds,
  MaxSecretOverlapSeconds,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
  WebhookEventTypes
} from "@dsar/domain"
import { Payloads, received, WebhookPath } from "@dsar/http"
import { Args, Command, Options } from "@effect/cli"
import { Console, Effect, Option, Schema } from "effect"
import { connection, withRequests } from "./Connection.js"
import { deliveriesTable, json, show, webhookDetails, webhooksTable } from "./Output.js"

const endpointId = Args.text({ name: "endpoint-id" }).pipe(Args.withDescription("The endpoint's id, e.g. whk_01h..."))

/** An endpoint id typed by a person, checked as the API checks its path. */
const checkedEndpoint = (id: string) => Effect.map(received(WebhookPath)({ id }), (path) => path.id)

const list = Command.make(
  "list",
  { connection, json },
  (options) =>
    withRequests(
      options.connection,
      (requests) =>
        Effect.flatMap(requests.webhooks.list, show(options.json, Schema.Array(WebhookEndpoint), webhooksTable))
    )
).pipe(Command.withDescription("List the organisation's webhook endpoints (never their secrets)."))

const target = Args.text({ name: "target-url" }).pipe(
  Args.withDescription("Where the events are POSTed (http or https).")
)
const events = Options.text("event").pipe(
  Options.withDescription(`An event type to deliver; repeat for several: ${WebhookEventTypes.join(", ")}.`),
  Options.repeated
)
const description = Options.text("description").pipe(
  Options.withDescription("What the endpoint is for, for people."),
  Options.optional
)

const create = Command.make(
  "create",
  { connection, json, target, events, description },
  (options) =>
    withRequests(options.connection, (requests) =>
      Effect.gen(function*() {
        const input = yield* received(Payloads.createWebhook)({
          url: options.target,
          event_types: options.events,
          ...Option.match(options.description, { onNone: () => ({}), onSome: (text) => ({ description: text }) })
        })
        const created = yield* requests.webhooks.create(input)
        yield* show(options.json, WebhookEndpointWithSecret, webhookDetails)(created)
        if (!options.json) yield* Console.error("The secret is shown only now: give it to the receiver's verifier.")
      }))
).pipe(
  Command.withDescription(
    "Subscribe a URL to events, signed as Standard Webhooks; prints the signing secret, shown only now."
  )
)

const remove = Command.make(
  "delete",
  { connection, id: endpointId },
  (options) =>
    withRequests(options.connection, (requests) =>
      Effect.gen(function*() {
        yield* requests.webhooks.remove(yield* checkedEndpoint(options.id))
        yield* Console.log(`Deleted ${options.id}`)
      }))
).pipe(Command.withDescription("Delete an endpoint, its secrets and its delivery log."))

const overlap = Options.integer("overlap").pipe(
  Options.withDescription(
    `Seconds the previous secret keeps signing too, 0 to ${MaxSecretOverlapSeconds} (default ${DefaultSecretOverlapSeconds}).`
  ),
  Options.withDefault(DefaultSecretOverlapSeconds)
)

const rotate = Command.make(
  "rotate",
  { connection, json, id: endpointId, overlap },
  (options) =>
    withRequests(options.connection, (requests) =>
      Effect.gen(function*() {
        const id = yield* checkedEndpoint(options.id)
        const input = yield* received(Payloads.rotateWebhookSecret)({ overlap_seconds: options.overlap })
        yield* show(options.json, WebhookEndpointWithSecret, webhookDetails)(
          yield* requests.webhooks.rotateSecret(id, input)
        )
      }))
).pipe(
  Command.withDescription(
    "Give an endpoint a new secret; the previous one signs too until --overlap ends (both signatures are sent)."
  )
)

const deliveries = Command.make(
  "deliveries",
  { connection, json, id: endpointId },
  (options) =>
    withRequests(options.connection, (requests) =>
      Effect.gen(function*() {
        const log = yield* requests.webhooks.deliveries(yield* checkedEndpoint(options.id))
        yield* show(options.json, Schema.Array(WebhookDelivery), deliveriesTable)(log)
      }))
).pipe(Command.withDescription("An endpoint's latest deliveries, newest first: state, attempts, last answer."))

const deliveryId = Args.text({ name: "delivery-id" }).pipe(
  Args.withDescription("The delivery's id (its webhook-id), as `dsar webhooks deliveries` lists it.")
)

const redeliver = Command.make(
  "redeliver",
  { connection, json, id: endpointId, delivery: deliveryId },
  (options) =>
    withRequests(options.connection, (requests) =>
      Effect.gen(function*() {
        const again = yield* requests.webhooks.redeliver(yield* checkedEndpoint(options.id), options.delivery)
        yield* show(options.json, Schema.Array(WebhookDelivery), deliveriesTable)([again])
      }))
).pipe(Command.withDescription("Send a delivered or failed webhook again, with the same webhook-id, at once."))

export const webhooks = Command.make("webhooks").pipe(
  Command.withDescription("Signed webhooks: endpoints, their secrets and their deliveries."),
  Command.withSubcommands([list, create, remove, rotate, deliveries, redeliver])
)
