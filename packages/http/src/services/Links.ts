import { type CreateLink, decide, LifecycleCommand, type Link, type OrganizationId, redirectAllowed } from "@dsar/domain"
import { Clock, Effect, Either } from "effect"
import { BadRequest, fromDomainError } from "../ApiErrors.js"
import { Transactor } from "../ports/Stores.js"
import { prepareLink, type IssuedLink, writeLink } from "./EffectRunner.js"
import { OrganizationsService } from "./Organizations.js"
import { RequestsService } from "./Requests.js"

export const linkResource = ({ stored, url }: IssuedLink): Link => {
  const { token_hash: _hash, renewed_at: _renewed, ...link } = stored
  return { ...link, url }
}

export class LinksService extends Effect.Service<LinksService>()("@dsar/http/LinksService", {
  effect: Effect.gen(function* () {
    const requests = yield* RequestsService
    const organizations = yield* OrganizationsService
    const transactor = yield* Transactor

    const create = (organization_id: OrganizationId, input: CreateLink) =>
      Effect.gen(function* () {
        const organization = yield* organizations.get(organization_id)
        if (!redirectAllowed(organization, input.redirect_url)) {
          return yield* Effect.fail(
            new BadRequest({
              message: `redirect_url must point to one of: ${organization.redirect_domains.join(", ")}`,
              errors: [{ path: "redirect_url", message: "is not on a domain this organisation allows" }]
            })
          )
        }
        const request = (yield* requests.find(organization_id, input.event.request_id)).value
        const at = new Date(yield* Clock.currentTimeMillis)
        const decision = yield* Either.mapLeft(decide(request, LifecycleCommand.CreateLink({ input }), at), fromDomainError)
        const [issued] = yield* Effect.forEach(
          decision.effects.filter((effect) => effect._tag === "IssueLink"),
          (effect) => Effect.map(prepareLink(effect, { organization, request_id: request.id, now: at }), (link) => ({ link, effect }))
        )
        if (issued === undefined) return yield* Effect.dieMessage("CreateLink decided no link")
        yield* transactor.withTransaction(writeLink(issued.link, issued.effect.email, { request, recipient: null, now: at }))
        return linkResource(issued.link)
      })

    return { create } as const
  })
}) {}
