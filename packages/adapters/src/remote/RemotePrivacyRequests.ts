import { OrganizationId } from "@dsar/domain"
import {
  DsarApi,
  everyPage,
  InputChecks as check,
  PageSize,
  paramsOf,
  PrivacyRequests,
  queryString,
  type RequestsQuery,
  TransportError
} from "@dsar/http"
import { HttpApiClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { Effect, Layer, Option, Redacted, Stream } from "effect"
import * as CallPolicy from "./CallPolicy.js"
import * as SessionCache from "./SessionCache.js"

/** The hosted privacy-requests API. */
export const HostedBaseUrl = "https://api.didomi.io"

export interface RemoteOptions extends CallPolicy.CallPolicyOptions {
  /** Where the API is, e.g. `http://127.0.0.1:3000` for this project's server. Default: the hosted API. */
  readonly baseUrl?: string
  readonly key: string
  readonly secret: Redacted.Redacted
  /**
   * Sent as `organization_id` with every call (the hosted API asks for it). Left out, the
   * organisation is the session's; given, it must be the session's, or every call is `Forbidden`.
   */
  readonly organizationId?: string
}

/** The `$cursor` of the `link: rel="next"` header, which pages follow (decision 0025); none on the last page. */
const nextCursorOf = (link: string | undefined): Option.Option<string> =>
  Option.flatMap(
    Option.fromNullable(link?.match(/<([^>]*)>;\s*rel="next"/)?.[1]),
    (target) => Option.fromNullable(new URL(target, "http://next.invalid").searchParams.get("$cursor"))
  )

const totalOf = (header: string | undefined) =>
  header !== undefined && /^\d+$/.test(header)
    ? Effect.succeed(Number(header))
    : Effect.fail(
      new TransportError({ reason: "UnexpectedResponse", message: "The listing came without an x-total-count header" })
    )

/**
 * `PrivacyRequests` over HTTP, derived from the contract (`HttpApiClient`): this project's server
 * or the hosted API. It opens a session with the key and secret (`POST /v1/sessions`, which
 * both serve), keeps its token, and opens a new one once when a call is answered 401. Needs an
 * `HttpClient`.
 */
export const make = (options: RemoteOptions) =>
  Effect.gen(function*() {
    const baseUrl = options.baseUrl ?? HostedBaseUrl
    const policy = CallPolicy.make(options)
    const http = yield* HttpClient.HttpClient
    const anonymous = yield* HttpApiClient.makeWith(DsarApi, { baseUrl, httpClient: http })
    const signedIn = (token: string) =>
      HttpApiClient.makeWith(DsarApi, {
        baseUrl,
        httpClient: HttpClient.mapRequest(http, HttpClientRequest.bearerToken(token))
      })
    // Opening a session changes nothing on the server, so it is retried like a read.
    const login = policy.repeatable(
      anonymous.sessions.createV1({
        payload: { type: "api-key", key: options.key, secret: Redacted.value(options.secret) }
      })
    )
    const session = yield* SessionCache.make(Effect.flatMap(login, (opened) => signedIn(opened.access_token)))
    type Client = Effect.Effect.Success<ReturnType<typeof signedIn>>

    const organization = options.organizationId === undefined
      ? {}
      : { organization_id: OrganizationId.make(options.organizationId) }
    const repeatable = <A, E>(call: (client: Client) => Effect.Effect<A, E>) =>
      Effect.mapError(session.authenticated((client) => policy.repeatable(call(client))), CallPolicy.toInterfaceError)
    const once = <A, E>(call: (client: Client) => Effect.Effect<A, E>) =>
      Effect.mapError(session.authenticated((client) => policy.once(call(client))), CallPolicy.toInterfaceError)

    // The query string a Feathers client sends: the server parses it as it parses any other.
    const answer = (query: RequestsQuery) =>
      repeatable((client) =>
        client.requests.list({ urlParams: { ...paramsOf(queryString(query)), ...organization }, withResponse: true })
      )
    const page = (query: RequestsQuery) =>
      Effect.flatMap(
        answer(query),
        ([items, response]) => Effect.map(totalOf(response.headers["x-total-count"]), (total) => ({ items, total }))
      )

    return PrivacyRequests.of({
      create: (input) =>
        Effect.flatMap(check.request(input), (payload) =>
          once((client) => client.requests.create({ payload, urlParams: organization }))),
      get: (id) =>
        Effect.flatMap(check.path({ id }), (path) =>
          repeatable((client) =>
            client.requests.get({ path, urlParams: organization })
          )),
      list: (query = {}) =>
        Effect.flatMap(check.query(query), () => page(query)),
      listAll: (filter = {}) =>
        Stream.unwrap(
          Effect.map(check.query(filter), () =>
            everyPage((cursor: Option.Option<string>) =>
              Effect.map(
                answer({
                  ...filter,
                  $limit: PageSize.max,
                  ...Option.match(cursor, { onNone: () => ({}), onSome: ($cursor) => ({ $cursor }) })
                }),
                ([items, response]) => ({ items, next: nextCursorOf(response.headers["link"]) })
              )
            ))
        ),
      patch: (id, patch) =>
        Effect.flatMap(Effect.all([check.path({ id }), check.patch(patch)]), ([path, payload]) =>
          // PATCH sets fields to given values: repeating it gives the same request.
          repeatable((client) => client.requests.update({ path, payload, urlParams: organization }))),
      // Erasing an erased request answers the same record: repeating it is harmless.
      erase: (id) =>
        Effect.flatMap(check.path({ id }), (path) =>
          repeatable((client) =>
            client.requests.erase({ path, urlParams: organization })
          )),
      emails: (id) =>
        Effect.flatMap(check.path({ id }), (path) =>
          repeatable((client) =>
            client.requests.emails({ path, urlParams: organization })
          )),
      evidence: (id) =>
        Effect.flatMap(check.path({ id }), (path) =>
          repeatable((client) =>
            client.requests.evidence({ path, urlParams: { ...organization, format: "json" } })
          )),
      // Retrying a failed email twice: the second is refused (409), the email is queued once.
      retryEmail: (id, message_id) =>
        Effect.flatMap(check.emailPath({ id, message_id }), (path) =>
          once((client) =>
            client.requests.retryEmail({ path, urlParams: organization })
          )),
      // A second extension is refused (409) or extends once more: never repeated on its own.
      extend: (id, input) =>
        Effect.flatMap(Effect.all([check.path({ id }), check.extension(input)]), ([path, payload]) =>
          once((client) =>
            client.requests.extend({ path, payload, urlParams: organization })
          )),
      createLink: (input) =>
        Effect.flatMap(check.link(input), (payload) =>
          once((client) =>
            client.links.create({ payload, urlParams: organization })
          )),
      addNote: (input) =>
        Effect.flatMap(check.note(input), (payload) =>
          once((client) =>
            client.notes.create({ payload, urlParams: organization })
          )),
      listNotes: (request_id) =>
        Effect.flatMap(check.notesQuery({ request_id }), (params) =>
          repeatable((client) =>
            client.notes.list({ urlParams: { ...params, ...organization } })
          )),
      rights: repeatable((client) =>
        client.userRights.list({ urlParams: organization })
      ),
      webhooks: {
        list: repeatable((client) => client.webhooks.list({ urlParams: organization })),
        create: (input) =>
          Effect.flatMap(check.webhook(input), (payload) =>
            once((client) => client.webhooks.create({ payload, urlParams: organization }))),
        // Deleting twice: the second is a 404, the endpoint is deleted once.
        remove: (id) =>
          Effect.flatMap(check.webhookPath({ id }), (path) =>
            once((client) =>
              client.webhooks.delete({ path, urlParams: organization })
            )),
        rotateSecret: (id, input) =>
          Effect.flatMap(Effect.all([check.webhookPath({ id }), check.rotation(input)]), ([path, payload]) =>
            once((client) =>
              client.webhooks.rotateSecret({ path, payload, urlParams: organization })
            )),
        deliveries: (id) =>
          Effect.flatMap(check.webhookPath({ id }), (path) =>
            repeatable((client) =>
              client.webhooks.deliveries({ path, urlParams: organization })
            )),
        redeliver: (id, delivery_id) =>
          Effect.flatMap(check.deliveryPath({ id, delivery_id }), (path) =>
            once((client) =>
              client.webhooks.redeliver({ path, urlParams: organization })
            ))
      }
    })
  })

export const layer = (options: RemoteOptions) => Layer.effect(PrivacyRequests, make(options))
