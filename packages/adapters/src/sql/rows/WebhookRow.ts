import { WebhookDelivery, WebhookPayload } from "@dsar/domain"
import { StoredWebhookEndpoint } from "@dsar/http"
import { Schema } from "effect"

/** An endpoint row: its event types are JSON. */
export const WebhookEndpointRow = Schema.Struct({
  ...StoredWebhookEndpoint.fields,
  event_types: Schema.parseJson(StoredWebhookEndpoint.fields.event_types)
})

/** A delivery row as its endpoint's log shows it: the payload read back as the event. */
export const WebhookDeliveryRow = Schema.Struct({
  ...WebhookDelivery.omit("state", "payload").fields,
  payload: Schema.parseJson(WebhookPayload)
})
