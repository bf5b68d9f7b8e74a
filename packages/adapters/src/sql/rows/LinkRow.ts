import { LinkEvent } from "@dsar/domain"
import { StoredLink } from "@dsar/http"
import { Schema } from "effect"

/** The event is two columns, so that `request_id` can reference the request it moves. */
const Columns = Schema.Struct({
  ...StoredLink.omit("event").fields,
  request_id: LinkEvent.fields.request_id,
  target_status: LinkEvent.fields.status
})

export const LinkRow = Schema.transform(Columns, Schema.typeSchema(StoredLink), {
  strict: true,
  decode: ({ request_id, target_status, ...link }) => ({ ...link, event: { status: target_status, request_id } }),
  encode: ({ event, ...link }) => ({ ...link, request_id: event.request_id, target_status: event.status })
})
