import { type Actor, FallbackLanguage, languageOfAcceptLanguage, type Organization } from "@dsar/domain"
import { HttpApiBuilder, HttpRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Clock, Duration, Effect, Either, Option } from "effect"
import { MaxBodyBytes } from "../Api.js"
import { clientAddress } from "../ClientAddress.js"
import { FormTokenSigner, type IdGenerator, type SecretHasher } from "../ports/Crypto.js"
import type { Outbox } from "../ports/Outbox.js"
import type { HistoryStore, LinksStore } from "../ports/Stores.js"
import type { WebhooksStore } from "../ports/Webhooks.js"
import { defaultFormLimits, makeFormLimiter } from "../services/FormLimiter.js"
import { OrganizationsService } from "../services/Organizations.js"
import { RequestsService } from "../services/Requests.js"
import { Settings } from "../Settings.js"
import { emptyValues, type FormState, type FormValues, renderForm, renderFormNotFound, renderSent } from "./FormPage.js"
import { PrivacyFormPrefix, PrivacyFormRoot } from "./FormPath.js"
import { fieldsInError, toCreateRequest } from "./FormSubmission.js"

// The requester's form (decision 0023): `GET /privacy/<id or slug>` shows it, `POST` makes an
// `unverified` request through the API's own service, and the approval email follows as for any.
// It may be framed by the organisation's site, so CSRF is stopped without cookies: a signed token
// in the form (only our GET's answer holds one, and no other site can read it) and the `Origin`.

/** Who makes the requests the form creates: the form itself, holding no credential of its own. */
export const PrivacyFormActor: Actor = { type: "system", id: "privacy-form" }

/** How long a form's token holds: a requester has an hour to fill the form in. */
const FormTokenTtl = Duration.hours(1)

/** The honeypot: people never see or fill it (see `FormPage`); anything in it is a bot's. */
const HoneypotField = "website"

/**
 * The rest of the path after `/privacy/`: a wildcard rather than a parameter, so that an address
 * with extra segments still gets the HTML "not found" page rather than the API's JSON 404.
 */
const organizationName = Effect.map(HttpRouter.params, (params) => params["*"] ?? "")

const acceptLanguage = Effect.map(
  HttpServerRequest.HttpServerRequest,
  (request) => languageOfAcceptLanguage(request.headers["accept-language"])
)

/** The form's body, read within the API's size limit; unreadable reads as empty, and is refused as such. */
const formBody = Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
  request.urlParamsBody.pipe(
    HttpServerRequest.withMaxBodySize(Option.some(MaxBodyBytes)),
    Effect.orElseSucceed(() => [] as ReadonlyArray<readonly [string, string]>)
  ))

/**
 * What creating a request needs, captured when the routes are mounted (a route gets no services of
 * its own), as the console does.
 */
type FormServices = IdGenerator | SecretHasher | HistoryStore | Settings | WebhooksStore | LinksStore | Outbox

export const PrivacyFormLive = HttpApiBuilder.Router.use((router) =>
  Effect.gen(function*() {
    const services = yield* Effect.context<FormServices>()
    const organizations = yield* OrganizationsService
    const requests = yield* RequestsService
    const signer = yield* FormTokenSigner
    const settings = yield* Settings
    const limiter = yield* makeFormLimiter(settings.formLimits ?? defaultFormLimits)
    const ownOrigin = new URL(settings.publicBaseUrl).origin
    const path = `${PrivacyFormPrefix}*` as const

    const freshToken = (organization: Organization) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        signer.sign({
          organization_id: organization.id,
          expires_at: new Date(now + Duration.toMillis(FormTokenTtl))
        }))

    /** Whether the token is one we issued for this organisation's form, and still holds. */
    const tokenHolds = (organization: Organization, token: string) =>
      Effect.gen(function*() {
        const claims = yield* signer.verify(token)
        const now = yield* Clock.currentTimeMillis
        return Option.isSome(claims) && claims.value.organization_id === organization.id &&
          now < claims.value.expires_at.getTime()
      })

    /** The form again, with the requester's values and a fresh token. */
    const formAgain = (
      organization: Organization,
      language: Parameters<typeof renderForm>[1],
      state: Omit<FormState, "token">
    ) => Effect.map(freshToken(organization), (token) => renderForm(organization, language, { ...state, token }))

    /** The organisation named in the path and the page's language, or the "not found" page. */
    const withOrganization = <R>(
      answer: (
        organization: Organization,
        language: Parameters<typeof renderForm>[1]
      ) => Effect.Effect<HttpServerResponse.HttpServerResponse, never, R>
    ) =>
      Effect.gen(function*() {
        const found = yield* Effect.flatMap(organizationName, organizations.findByIdOrSlug)
        const preferred = yield* acceptLanguage
        if (Option.isNone(found)) return renderFormNotFound(preferred ?? FallbackLanguage)
        // Like the link pages: the browser's language when it is one of ours, else the organisation's.
        return yield* answer(found.value, preferred ?? found.value.settings.default_language)
      })

    const show = withOrganization((organization, language) =>
      formAgain(organization, language, { status: 200, values: emptyValues, errors: new Set() })
    )

    const submit = withOrganization((organization, language) =>
      Effect.gen(function*() {
        const request = yield* HttpServerRequest.HttpServerRequest
        const form = yield* formBody
        const given = (name: string) => form.find(([key]) => key === name)?.[1] ?? ""
        const values: FormValues = { right: given("right"), email: given("email"), country: given("country") }
        const again = (state: Omit<FormState, "token" | "values">) =>
          formAgain(organization, language, { ...state, values })

        // The form in a frame is our document, so a browser sends our origin; one that sends none
        // still faces the token.
        const origin = request.headers["origin"]
        if (origin !== undefined && origin !== ownOrigin) return yield* again({ status: 403, errors: new Set() })
        if (!(yield* tokenHolds(organization, given("token")))) return yield* again({ status: 403, errors: new Set() })

        const retryAfter = yield* limiter.admit(yield* clientAddress, organization.id)
        if (retryAfter !== undefined) {
          return HttpServerResponse.setHeader(
            yield* again({ status: 429, errors: new Set(), retryAfterSeconds: retryAfter }),
            "retry-after",
            String(retryAfter)
          )
        }
        // A bot's: answered as a person's, so it learns nothing, and nothing is stored or sent.
        if (given(HoneypotField) !== "") return renderSent(organization, language)

        const input = toCreateRequest(values, language)
        if (Either.isLeft(input)) return yield* again({ status: 400, errors: input.left })
        return yield* requests.create(organization.id, input.right, PrivacyFormActor).pipe(
          Effect.as(renderSent(organization, language)),
          Effect.catchTags({
            // The API's own refusals, at the field they name; a Conflict is in the type, not met on creation.
            BadRequest: (refused) => again({ status: 400, errors: fieldsInError(refused.errors) }),
            Conflict: (refused) => again({ status: 400, errors: fieldsInError(refused.errors) }),
            NotFound: () => Effect.succeed(renderFormNotFound(language))
          })
        )
      })
    )

    yield* router.get(path, show)
    yield* router.get(
      PrivacyFormRoot,
      Effect.map(acceptLanguage, (language) => renderFormNotFound(language ?? FallbackLanguage))
    )
    // Uninterruptible: a requester who closes the tab mid-request does not cut it short.
    yield* router.post(path, Effect.provide(submit, services), { uninterruptible: true })
  })
)
