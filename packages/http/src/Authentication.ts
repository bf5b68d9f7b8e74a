import type { OrganizationId } from "@dsar/domain"
import { HttpApiMiddleware, HttpApiSecurity } from "@effect/platform"
import { Context, type Redacted } from "effect"
import { NotAuthenticatedJson } from "./ApiErrors.js"

/** The caller of a `/dsar` route, as its bearer token says. */
export class CurrentSession extends Context.Tag("@dsar/http/CurrentSession")<
  CurrentSession,
  {
    readonly organization_id: OrganizationId
    readonly key: string
    /** The bearer token itself, so that `DELETE /sessions` can end it. */
    readonly token: Redacted.Redacted<string>
  }
>() {}

/** Every `/dsar` route needs `Authorization: Bearer <access_token>` from `POST /sessions`. */
export class Authentication extends HttpApiMiddleware.Tag<Authentication>()("@dsar/http/Authentication", {
  failure: NotAuthenticatedJson,
  provides: CurrentSession,
  security: { bearer: HttpApiSecurity.bearer }
}) {}
