import { type Issue, OperatorId, type OrganizationId } from "@dsar/domain"
import { HttpRouter, type HttpServerResponse } from "@effect/platform"
import { Effect, Either, Schema } from "effect"
import { type ApiError, notFound } from "../ApiErrors.js"
import { OrganizationsService } from "../services/Organizations.js"
import { csrfField, requirePermission, type SignedInOperator } from "./ConsoleAuth.js"
import { doneNotice, formFields, search, StatusOf } from "./ConsoleForms.js"
import { consolePage, seeOther } from "./ConsoleLayout.js"
import { ConsoleRequestsPaths } from "./ConsoleRequestsPaths.js"
import { OperatorsService } from "./Operators.js"
import type { FormFields } from "./RequestActions.js"
import {
  keyCreatedBody,
  keysBody,
  type Notice,
  operatorsBody,
  overviewBody,
  redirectDomainsBody,
  SettingsPaths,
  signInLinkBody
} from "./SettingsPages.js"

// The settings pages as routes, for admins (`settings.read` to see, `settings.update` to change):
// each acts for the signed-in operator's organisation only, through the services the API and the
// CLI use. A change is answered with a 303 and a done key; a refusal with the page again, the
// service's words and its status. Creating a key, adding an operator or a new sign-in link answers
// with its page at once instead: its secret (or link) is shown once and may not travel in a URL.

const OperatorsDone = {
  role: "The role was changed.",
  removed: "The operator was removed; their sessions have ended.",
  sessions: "The operator's sessions have ended: they sign in again with a new link."
} as const

const KeysDone = {
  revoked: "The key was revoked: it opens no new session, and its open sessions are refused."
} as const

const DomainsDone = { saved: "The redirect domains were saved." } as const

const refusal = (error: ApiError): Notice => ({ kind: "error", text: error.message })

const withStatus = (status: number | undefined) => (status === undefined ? {} : { status })

export const settingsOverviewRoute = Effect.gen(function*() {
  const operator = yield* requirePermission("settings.read")
  return consolePage({ title: "Settings", operator, path: SettingsPaths.overview, body: overviewBody() })
})

const operatorsPage = (
  operator: SignedInOperator,
  outcome: { readonly notice?: Notice; readonly status?: number; readonly form?: FormFields } = {}
) =>
  Effect.gen(function*() {
    const operators = yield* (yield* OperatorsService).list(operator.organization_id)
    return consolePage({
      title: "Operators",
      operator,
      path: SettingsPaths.operators,
      ...withStatus(outcome.status),
      body: operatorsBody({
        operators,
        csrf: csrfField(operator),
        ...(outcome.notice !== undefined && { notice: outcome.notice }),
        ...(outcome.form !== undefined &&
          { form: { email: outcome.form["email"] ?? "", role: outcome.form["role"] ?? "" } })
      })
    })
  })

export const operatorsRoute = Effect.gen(function*() {
  const operator = yield* requirePermission("settings.read")
  const notice = doneNotice(OperatorsDone, yield* search)
  return yield* operatorsPage(operator, notice === undefined ? {} : { notice })
})

export const addOperatorRoute = Effect.gen(function*() {
  const operator = yield* requirePermission("settings.update")
  const form = yield* formFields
  const added = yield* Effect.either(
    (yield* OperatorsService).add(operator.organization_id, { email: form["email"] ?? "", role: form["role"] ?? "" })
  )
  if (Either.isLeft(added)) {
    return yield* operatorsPage(operator, { notice: refusal(added.left), status: StatusOf[added.left._tag], form })
  }
  return consolePage({
    title: "Operator added",
    operator,
    path: SettingsPaths.operators,
    body: signInLinkBody(
      `${added.right.operator.email} was added as ${added.right.operator.role}.`,
      added.right.sign_in
    )
  })
})

/**
 * A posted action on one operator of the organisation (another organisation's is not found):
 * refused, the operators' page with the service's words; done, `answer`.
 */
const operatorAction = <A>(
  act: (
    operators: OperatorsService,
    organization_id: OrganizationId,
    id: OperatorId,
    form: FormFields
  ) => Effect.Effect<A, ApiError>,
  answer: (operator: SignedInOperator, done: A, self: boolean) => HttpServerResponse.HttpServerResponse
) =>
  Effect.gen(function*() {
    const operator = yield* requirePermission("settings.update")
    const operators = yield* OperatorsService
    const given = (yield* HttpRouter.params)["id"] ?? ""
    const id = Schema.decodeUnknownEither(OperatorId)(given)
    const outcome = yield* Effect.either(
      Either.isLeft(id)
        ? Effect.fail(notFound("operator", given))
        : act(operators, operator.organization_id, id.right, yield* formFields)
    )
    if (Either.isLeft(outcome)) {
      return yield* operatorsPage(operator, { notice: refusal(outcome.left), status: StatusOf[outcome.left._tag] })
    }
    return answer(operator, outcome.right, given === operator.operator_id)
  })

/**
 * A change done: back to the operators' page with its notice. Done on oneself, on to the
 * dashboard instead: the operator may have just lost the settings, or their session.
 */
const changed = (done: keyof typeof OperatorsDone) => (_: SignedInOperator, __: unknown, self: boolean) =>
  seeOther(self ? ConsoleRequestsPaths.dashboard : `${SettingsPaths.operators}?done=${done}`)

export const operatorRoleRoute = operatorAction(
  (operators, organization_id, id, form) => operators.setRole(organization_id, id, form["role"] ?? ""),
  changed("role")
)

export const removeOperatorRoute = operatorAction(
  (operators, organization_id, id) => operators.remove(organization_id, id),
  changed("removed")
)

export const revokeOperatorSessionsRoute = operatorAction(
  (operators, organization_id, id) => operators.revokeSessions(organization_id, id),
  changed("sessions")
)

/** Another single-use sign-in link for the operator (theirs expired, was used, or their sessions were ended). */
export const operatorLinkRoute = operatorAction(
  (operators, organization_id, id) =>
    Effect.flatMap(
      operators.get(organization_id, id),
      (target) => Effect.map(operators.issueSignInLink(target), (sign_in) => ({ target, sign_in }))
    ),
  (operator, { sign_in, target }) =>
    consolePage({
      title: "Sign-in link",
      operator,
      path: SettingsPaths.operators,
      body: signInLinkBody(`A new sign-in link for ${target.email}.`, sign_in)
    })
)

const keysPage = (
  operator: SignedInOperator,
  outcome: {
    readonly notice?: Notice
    readonly status?: number
    readonly problems?: ReadonlyArray<string>
    readonly label?: string
  } = {}
) =>
  Effect.gen(function*() {
    const keys = yield* (yield* OrganizationsService).listKeys(operator.organization_id)
    const { status, ...view } = outcome
    return consolePage({
      title: "API keys",
      operator,
      path: SettingsPaths.keys,
      ...withStatus(status),
      body: keysBody({ keys, csrf: csrfField(operator), ...view })
    })
  })

export const keysRoute = Effect.gen(function*() {
  const operator = yield* requirePermission("settings.read")
  const notice = doneNotice(KeysDone, yield* search)
  return yield* keysPage(operator, notice === undefined ? {} : { notice })
})

export const createKeyRoute = Effect.gen(function*() {
  const operator = yield* requirePermission("settings.update")
  const given = (yield* formFields)["label"] ?? ""
  // A label left blank is no label; anything else is the service's to check.
  const label = given.trim() === "" ? undefined : given
  const created = yield* Effect.either(
    (yield* OrganizationsService).createKey(operator.organization_id, label === undefined ? {} : { label })
  )
  if (Either.isLeft(created)) {
    return yield* keysPage(operator, {
      notice: refusal(created.left),
      status: StatusOf[created.left._tag],
      problems: created.left.errors.map((issue) => `${issue.path}: ${issue.message}`),
      label: given
    })
  }
  return consolePage({
    title: "Key created",
    operator,
    path: SettingsPaths.keys,
    body: keyCreatedBody(created.right, label?.trim())
  })
})

export const revokeKeyRoute = Effect.gen(function*() {
  const operator = yield* requirePermission("settings.update")
  const key = (yield* HttpRouter.params)["key"] ?? ""
  const outcome = yield* Effect.either((yield* OrganizationsService).revokeKey(operator.organization_id, key))
  return Either.isRight(outcome)
    ? seeOther(`${SettingsPaths.keys}?done=revoked`)
    : yield* keysPage(operator, { notice: refusal(outcome.left), status: StatusOf[outcome.left._tag] })
})

/** What is wrong with the sent domains, each line naming the domain (or URL) it is about. */
const domainProblems = (
  errors: ReadonlyArray<Issue>,
  domains: ReadonlyArray<string>,
  default_redirect_url: string
) =>
  errors.map((issue) => {
    const at = /^redirect_domains\.(\d+)$/.exec(issue.path)?.[1]
    if (at !== undefined) return `“${domains[Number(at)] ?? ""}” ${issue.message}`
    if (issue.path === "default_redirect_url") {
      return `The default redirect URL, ${default_redirect_url}, ${issue.message}`
    }
    return `${issue.path}: ${issue.message}`
  })

export const redirectDomainsRoute = Effect.gen(function*() {
  const operator = yield* requirePermission("settings.read")
  const organization = yield* (yield* OrganizationsService).get(operator.organization_id)
  const notice = doneNotice(DomainsDone, yield* search)
  return consolePage({
    title: "Redirect domains",
    operator,
    path: SettingsPaths.redirectDomains,
    body: redirectDomainsBody({
      default_redirect_url: organization.default_redirect_url,
      domains: organization.redirect_domains.join("\n"),
      csrf: csrfField(operator),
      ...(notice !== undefined && { notice })
    })
  })
})

export const saveRedirectDomainsRoute = Effect.gen(function*() {
  const operator = yield* requirePermission("settings.update")
  const organizations = yield* OrganizationsService
  const sent = (yield* formFields)["domains"] ?? ""
  // One per line as the form asks; spaces and commas separate too, as people paste lists.
  const domains = sent.split(/[\s,]+/).filter((domain) => domain !== "")
  const saved = yield* Effect.either(organizations.updateRedirectDomains(operator.organization_id, domains))
  if (Either.isRight(saved)) return seeOther(`${SettingsPaths.redirectDomains}?done=saved`)
  const organization = yield* organizations.get(operator.organization_id)
  return consolePage({
    title: "Redirect domains",
    operator,
    path: SettingsPaths.redirectDomains,
    status: StatusOf[saved.left._tag],
    body: redirectDomainsBody({
      default_redirect_url: organization.default_redirect_url,
      domains: sent,
      csrf: csrfField(operator),
      notice: { kind: "error", text: "Nothing was saved:" },
      problems: domainProblems(saved.left.errors, domains, organization.default_redirect_url)
    })
  })
})
