import { Link, LinkLifetimeBounds, Status } from "@dsar/domain"
import { Payloads, received } from "@dsar/http"
import { Command, Options } from "@effect/cli"
import { Effect } from "effect"
import { connection, withRequests } from "./Connection.js"
import { json, linkDetails, show } from "./Output.js"
import { requestId } from "./Requests.js"

const status = Options.choice("status", Status.literals).pipe(
  Options.withDescription("The status confirming the link moves the request to.")
)
const redirectUrl = Options.text("redirect-url").pipe(
  Options.withDescription("Where the requester lands after confirming.")
)
const lifetime = Options.integer("lifetime").pipe(
  Options.withDescription(`Seconds the link stays usable, ${LinkLifetimeBounds.min} to ${LinkLifetimeBounds.max}.`),
  Options.withDefault(LinkLifetimeBounds.default)
)

const create = Command.make(
  "create",
  { connection, json, id: requestId, status, redirectUrl, lifetime },
  (options) =>
    withRequests(options.connection, (requests) =>
      Effect.gen(function*() {
        const input = yield* received(Payloads.createLink)({
          action: "request.update",
          event: { status: options.status, request_id: options.id },
          redirect_url: options.redirectUrl,
          lifetime: options.lifetime
        })
        yield* show(options.json, Link, linkDetails)(yield* requests.createLink(input))
      }))
).pipe(
  Command.withDescription(
    "Create a single-use approval link that moves a request to --status when the requester confirms it."
  )
)

export const links = Command.make("links").pipe(
  Command.withDescription("Approval links."),
  Command.withSubcommands([create])
)
