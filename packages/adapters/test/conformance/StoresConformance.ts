import {
  EmptyChain,
  entryOf,
  erasedChange,
  erasedRequest,
  LinkId,
  OrganizationId,
  OrganizationUserId,
  Request,
  RequestId,
  type Status,
  Statuses,
  UserRightId
} from "@dsar/domain"
import {
  type CompareOp,
  CompareOps,
  type Condition,
  Cursor,
  type DeliveryState,
  EmailTemplatesStore,
  ErasureStore,
  everything,
  HistoryStore,
  isInstantField,
  LinksStore,
  NotesStore,
  OrganizationsStore,
  Outbox,
  type QueuedMessage,
  type RequestEmail,
  type RequestQuery,
  type RequestSortKey,
  RequestsStore,
  type ScalarField,
  ScalarFields,
  SlugTaken,
  SortFields,
  type StorePorts,
  Transactor,
  UsersStore,
  verifyHistory
} from "@dsar/http"
import { describe, expect, it } from "@effect/vitest"
import { Cause, Deferred, Effect, Exit, FastCheck, Fiber, type Layer, Option, Runtime, Schema, Struct } from "effect"
import { pageOf } from "../../src/memory/RequestQuery.js"
import { undelivered } from "../support/Outbox.js"
import {
  apiKey,
  day,
  extensionEntry,
  historyEntry,
  link,
  message,
  note,
  orgA,
  organization,
  orgB,
  request,
  T0,
  user
} from "./Fixtures.js"
import { operatorsConformance } from "./OperatorsConformance.js"
import { unverifiedConformance } from "./UnverifiedConformance.js"
import { webhooksConformance } from "./WebhooksConformance.js"

const Rights = UserRightId.literals

/** What every storage adapter provides: the conformance suite runs on exactly that. */
export type Stores = StorePorts

const dies = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.exit(effect), (exit) => Exit.isFailure(exit) && Cause.isDie(exit.cause))

const seedOrganizations = Effect.gen(function*() {
  const organizations = yield* OrganizationsStore
  yield* organizations.insert(organization(orgA), apiKey(orgA))
  yield* organizations.insert(organization(orgB), apiKey(orgB))
})

/** Organisations A and B, and one request of A's. */
const seedRequest = Effect.gen(function*() {
  yield* seedOrganizations
  const stored = request({ id: "req_1" })
  yield* (yield* RequestsStore).insert(stored)
  return stored
})

// Six requests of A with ties on created_at (days 1 and 3) and updated_at (day 4), inserted out of
// order, and one of B's. Expected orders below are written out by hand from this table, whose
// deadlines are given outright (+45 days, +15 for the opt-outs), not taken from the catalogue:
//   id      status            right                 user   created  updated  expires
//   req_01  unverified        cpra_access_my_data   alice  day 0    day 5    day 45
//   req_02  verified          cpra_delete_my_data   bob    day 1    day 6    day 46
//   req_03  work_in_progress  cpra_opt_out          alice  day 1    day 4    day 16
//   req_04  fulfilled         cpra_access_my_data   carol  day 2    day 2    day 47
//   req_05  refused           cpra_delete_my_data   alice  day 3    day 4    day 48   (a duplicate of req_01)
//   req_06  verified          cpra_opt_out          bob    day 3    day 4    day 18   (a duplicate of req_03)
// Each has a validation (`val_<id>`) but req_04 and req_05.
const withoutValidation = (spec: Parameters<typeof request>[0]): Request => ({
  ...request(spec),
  validation_id: null,
  validation: null
})

const listed: ReadonlyArray<Request> = [
  request({
    id: "req_06",
    status: "verified",
    user_right_id: "cpra_opt_out",
    organization_user_id: "bob",
    created_at: day(3),
    updated_at: day(4),
    expires_at: day(18),
    duplicate_of: "req_03"
  }),
  request({
    id: "req_01",
    status: "unverified",
    user_right_id: "cpra_access_my_data",
    organization_user_id: "alice",
    created_at: day(0),
    updated_at: day(5)
  }),
  request({
    id: "req_03",
    status: "work_in_progress",
    user_right_id: "cpra_opt_out",
    organization_user_id: "alice",
    created_at: day(1),
    updated_at: day(4),
    expires_at: day(16)
  }),
  request({
    id: "req_02",
    status: "verified",
    user_right_id: "cpra_delete_my_data",
    organization_user_id: "bob",
    created_at: day(1),
    updated_at: day(6)
  }),
  withoutValidation({
    id: "req_05",
    status: "refused",
    user_right_id: "cpra_delete_my_data",
    organization_user_id: "alice",
    created_at: day(3),
    updated_at: day(4),
    duplicate_of: "req_01"
  }),
  withoutValidation({
    id: "req_04",
    status: "fulfilled",
    user_right_id: "cpra_access_my_data",
    organization_user_id: "carol",
    created_at: day(2),
    updated_at: day(2)
  }),
  request({
    id: "req_b1",
    organization_id: orgB,
    status: "verified",
    organization_user_id: "alice",
    created_at: day(1)
  })
]

const seedListed = Effect.gen(function*() {
  yield* seedOrganizations
  const requests = yield* RequestsStore
  yield* Effect.forEach(listed, requests.insert, { discard: true })
})

const byCreation: RequestQuery["sort"] = [{ field: "created_at", direction: 1 }]

/** The ids of the page `query` returns, and the total, over the seeded requests. */
const listIds = (query: Partial<RequestQuery>) =>
  Effect.gen(function*() {
    const page = yield* (yield* RequestsStore).list({
      organization_id: orgA,
      where: everything,
      sort: byCreation,
      limit: 100,
      skip: 0,
      ...query
    })
    return { ids: page.items.map((item) => item.id), total: page.total }
  })

// Conditions, written short.
const all = (...conditions: ReadonlyArray<Condition>): Condition => ({ _tag: "And", conditions })
const any = (...conditions: ReadonlyArray<Condition>): Condition => ({ _tag: "Or", conditions })
const among = (field: ScalarField, values: ReadonlyArray<string | Date>, negated = false): Condition => ({
  _tag: "In",
  field,
  values,
  negated
})
const compare = (field: ScalarField, op: CompareOp, value: string | Date): Condition => ({
  _tag: "Compare",
  field,
  op,
  value
})
const absent = (field: ScalarField, negated = false): Condition => ({ _tag: "Null", field, negated })
const sentToAddress = (address: string): Condition => ({ _tag: "Recipient", address })
const filter = (...conditions: ReadonlyArray<Condition>): Partial<RequestQuery> => ({ where: all(...conditions) })

// A random population (fixed seed) for the model-based property: few distinct values per field, so
// that conditions match some requests and sorts meet ties; texts beyond the BMP and above U+E000,
// whose code-point order differs from JavaScript's code-unit order; absent validations and
// duplicates.
const userIds = ["alice", "bob", "Zoë", "\u{1F600}x", "\uFFFDy", "a b"]
// Recipients (a sample of their own, so the population's other fields stay as they were): stored
// in any case (a request imported before the email pipeline lower-cased it), beyond ASCII, or none.
const recipients = ["alice@example.org", "Bob@Example.org", "ZOË@example.org", null] as const
const recipientsOf = FastCheck.sample(FastCheck.constantFrom(...recipients), { seed: 27, numRuns: 25 })
/** The request with its emails going to `address`, or to no one. */
const sentTo = (request: Request, address: string | null): Request => ({
  ...request,
  request_fields: address === null ? [] : request.request_fields.map((field) => ({ ...field, value: address }))
})
const modelled: ReadonlyArray<Request> = FastCheck.sample(
  FastCheck.array(
    FastCheck.record({
      status: FastCheck.constantFrom(...Statuses),
      user_right_id: FastCheck.constantFrom(...Rights),
      user: FastCheck.constantFrom(...userIds),
      created: FastCheck.integer({ min: 0, max: 5 }),
      updated: FastCheck.integer({ min: 0, max: 5 }),
      organization: FastCheck.constantFrom(orgA, orgA, orgA, orgB),
      validated: FastCheck.boolean(),
      duplicateOf: FastCheck.option(FastCheck.integer({ min: 0, max: 24 }))
    }),
    { minLength: 25, maxLength: 25 }
  ),
  { seed: 15, numRuns: 1 }
)[0]!.map((spec, index) => ({
  ...sentTo(
    request({
      id: `req_${String(index).padStart(2, "0")}`,
      organization_id: spec.organization,
      status: spec.status,
      user_right_id: spec.user_right_id,
      created_at: day(spec.created),
      updated_at: day(spec.created + spec.updated)
    }),
    recipientsOf[index]!
  ),
  organization_user_id: OrganizationUserId.make(spec.user),
  ...(spec.validated ? {} : { validation_id: null, validation: null }),
  ...(spec.duplicateOf === null
    ? {}
    : { duplicate_of: RequestId.make(`req_${String(spec.duplicateOf).padStart(2, "0")}`) })
}))

const valuesOf = (field: ScalarField): ReadonlyArray<string | Date> => {
  const held = modelled.flatMap((r) => {
    const value = r[field]
    return value === null || value === undefined ? [] : [value]
  })
  return isInstantField(field) ? [...held, day(-1), day(20)] : [...held, "req_", "zzz", "val_req_99"]
}
const leafArbitrary: FastCheck.Arbitrary<Condition> = FastCheck.constantFrom(...ScalarFields).chain((field) =>
  FastCheck.oneof(
    FastCheck.record({
      _tag: FastCheck.constant("Compare" as const),
      field: FastCheck.constant(field),
      op: FastCheck.constantFrom(...CompareOps),
      value: FastCheck.constantFrom(...valuesOf(field))
    }),
    FastCheck.record({
      _tag: FastCheck.constant("In" as const),
      field: FastCheck.constant(field),
      values: FastCheck.uniqueArray(FastCheck.constantFrom(...valuesOf(field)), { maxLength: 4 }),
      negated: FastCheck.boolean()
    }),
    FastCheck.record({
      _tag: FastCheck.constant("Null" as const),
      field: FastCheck.constant(field),
      negated: FastCheck.boolean()
    })
  )
)
/** An address in any case: each recipient's, as stored, upper- and lower-cased, and one no request has. */
const recipientArbitrary: FastCheck.Arbitrary<Condition> = FastCheck.record({
  _tag: FastCheck.constant("Recipient" as const),
  address: FastCheck.constantFrom(
    ...recipients.flatMap((address) =>
      address === null ? ["nobody@example.org"] : [address, address.toUpperCase(), address.toLowerCase()]
    )
  )
})
const conditionArbitrary: FastCheck.Arbitrary<Condition> = FastCheck.letrec<{ condition: Condition }>((tie) => ({
  condition: FastCheck.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafArbitrary,
    recipientArbitrary,
    FastCheck.record({
      _tag: FastCheck.constantFrom("And" as const, "Or" as const),
      conditions: FastCheck.array(tie("condition"), { maxLength: 3 })
    })
  )
})).condition
/**
 * An `$or` of conditions, of their conjunctions or of `$or`s at the top, alone or beside another condition:
 * SQLite reads such a listing and counts it through a union of its branches' indexes.
 */
const orArbitrary: FastCheck.Arbitrary<Condition> = FastCheck.array(
  FastCheck.oneof(
    leafArbitrary,
    recipientArbitrary,
    FastCheck.array(FastCheck.oneof(leafArbitrary, recipientArbitrary), { minLength: 1, maxLength: 3 }).map(
      (conditions) => all(...conditions)
    ),
    FastCheck.array(leafArbitrary, { maxLength: 2 }).map((conditions) => any(...conditions))
  ),
  { minLength: 1, maxLength: 4 }
).map((branches) => any(...branches))
const topLevelOrArbitrary: FastCheck.Arbitrary<Condition> = FastCheck.oneof(
  orArbitrary,
  FastCheck.tuple(orArbitrary, FastCheck.oneof(leafArbitrary, orArbitrary)).map(([or, beside]) => all(or, beside))
)
const queryOf = (where: FastCheck.Arbitrary<Condition>): FastCheck.Arbitrary<RequestQuery> =>
  FastCheck.record({
    organization_id: FastCheck.constant(orgA),
    where,
    sort: FastCheck.uniqueArray(
      FastCheck.record({
        field: FastCheck.constantFrom(...SortFields),
        direction: FastCheck.constantFrom(1 as const, -1 as const)
      }),
      { maxLength: 3, selector: (key) => key.field }
    ),
    limit: FastCheck.integer({ min: 0, max: 30 }),
    skip: FastCheck.integer({ min: 0, max: 10 })
  })
const queryArbitrary = queryOf(conditionArbitrary)

export const storesConformance = <E>(name: string, stores: Layer.Layer<Stores, E>) => {
  // A database of its own for every test: each provision builds the layer afresh.
  const test = (title: string, body: () => Effect.Effect<void, unknown, Stores>) =>
    it.effect(title, () => Effect.provide(body(), stores))
  const testEach =
    <T>(cases: ReadonlyArray<T>) => (title: string, body: (testCase: T) => Effect.Effect<void, unknown, Stores>) =>
      it.effect.each(cases)(title, (testCase) => Effect.provide(body(testCase), stores))

  describe(name, () => {
    describe("OrganizationsStore", () => {
      test("an inserted organisation and its API key read back as written", () =>
        Effect.gen(function*() {
          const organizations = yield* OrganizationsStore
          yield* organizations.insert(organization(orgA), apiKey(orgA))
          expect(yield* organizations.findById(orgA)).toEqual(Option.some(organization(orgA)))
          expect(yield* organizations.findKey(apiKey(orgA).key)).toEqual(Option.some(apiKey(orgA)))
        }))

      test("an unknown organisation or key is None", () =>
        Effect.gen(function*() {
          const organizations = yield* OrganizationsStore
          yield* seedOrganizations
          expect(yield* organizations.findById(OrganizationId.make("org_unknown"))).toEqual(Option.none())
          expect(yield* organizations.findKey("key_unknown")).toEqual(Option.none())
        }))

      test("count is the number of organisations", () =>
        Effect.gen(function*() {
          const organizations = yield* OrganizationsStore
          expect(yield* organizations.count).toBe(0)
          yield* seedOrganizations
          expect(yield* organizations.count).toBe(2)
        }))

      test("an organisation id or API key used twice is refused and the first stays", () =>
        Effect.gen(function*() {
          const organizations = yield* OrganizationsStore
          yield* seedOrganizations
          expect(yield* dies(organizations.insert({ ...organization(orgA), name: "Other" }, apiKey(orgA, "key_other"))))
            .toBe(true)
          expect(yield* dies(organizations.insert(organization(OrganizationId.make("org_c")), apiKey(orgA)))).toBe(true)
          expect(yield* organizations.count).toBe(2)
          expect(Option.map(yield* organizations.findById(orgA), (o) => o.name)).toEqual(
            Option.some(organization(orgA).name)
          )
          expect(yield* organizations.findKey("key_other")).toEqual(Option.none())
        }))

      test("another key lists with the first, oldest first, with its label; revoking marks it once, in its organisation only", () =>
        Effect.gen(function*() {
          const organizations = yield* OrganizationsStore
          yield* seedOrganizations
          const later = {
            ...apiKey(orgA, "key_later"),
            created_at: new Date(T0.getTime() + 1000),
            label: "Zendesk – support’s export"
          }
          yield* organizations.insertKey(later)
          expect(yield* dies(organizations.insertKey(apiKey(OrganizationId.make("org_none"), "key_orphan")))).toBe(true)
          expect(yield* organizations.listKeys(orgA)).toEqual([apiKey(orgA), later])
          const at = new Date(T0.getTime() + 5000)
          expect(yield* organizations.revokeKey(orgB, "key_later", at)).toBe(false)
          expect(yield* organizations.revokeKey(orgA, "key_later", at)).toBe(true)
          expect(yield* organizations.revokeKey(orgA, "key_later", new Date(T0.getTime() + 9000))).toBe(false)
          expect(yield* organizations.findKey("key_later")).toEqual(Option.some({ ...later, revoked_at: at }))
          expect(yield* organizations.findKey(apiKey(orgA).key)).toEqual(Option.some(apiKey(orgA)))
        }))

      test("an ended session is remembered by its digest, twice ending it is harmless", () =>
        Effect.gen(function*() {
          const organizations = yield* OrganizationsStore
          const expires = new Date(Date.now() + 3_600_000)
          expect(yield* organizations.sessionEnded("digest_a")).toBe(false)
          yield* organizations.endSession("digest_a", expires)
          yield* organizations.endSession("digest_a", expires)
          expect(yield* organizations.sessionEnded("digest_a")).toBe(true)
          expect(yield* organizations.sessionEnded("digest_b")).toBe(false)
        }))
    })

    describe("organisation settings and email templates", () => {
      test("settings replace the stored ones, in their organisation only, and read back as written", () =>
        Effect.gen(function*() {
          const organizations = yield* OrganizationsStore
          yield* seedOrganizations
          const settings = {
            ...organization(orgA).settings,
            sender_name: "Privacy at A",
            reply_to: "privacy@example.org",
            logo_url: "https://example.org/logo.png",
            primary_color: "#0a7c55",
            default_language: "fr" as const
          }
          expect(yield* organizations.updateSettings(orgA, settings)).toBe(true)
          expect(yield* organizations.updateSettings(OrganizationId.make("org_none"), settings)).toBe(false)
          expect(yield* organizations.findById(orgA)).toEqual(Option.some({ ...organization(orgA), settings }))
          expect(yield* organizations.findById(orgB)).toEqual(Option.some(organization(orgB)))
        }))

      test("redirect domains replace the stored ones, in their organisation only, and read back as written", () =>
        Effect.gen(function*() {
          const organizations = yield* OrganizationsStore
          yield* seedOrganizations
          const domains = ["example.org", "shop.example.com"]
          expect(yield* organizations.updateRedirectDomains(orgA, domains)).toBe(true)
          expect(yield* organizations.updateRedirectDomains(OrganizationId.make("org_none"), domains)).toBe(false)
          expect(yield* organizations.findById(orgA)).toEqual(
            Option.some({ ...organization(orgA), redirect_domains: domains })
          )
          expect(yield* organizations.findById(orgB)).toEqual(Option.some(organization(orgB)))
          expect(yield* organizations.updateRedirectDomains(orgA, [])).toBe(true)
          expect(yield* organizations.findById(orgA)).toEqual(
            Option.some({ ...organization(orgA), redirect_domains: [] })
          )
        }))

      test("a slug names one organisation: found by it, refused to another (nothing changed), free again once reset", () =>
        Effect.gen(function*() {
          const organizations = yield* OrganizationsStore
          yield* seedOrganizations
          const withSlug = (id: typeof orgA, slug: string | null) => ({ ...organization(id).settings, slug })
          expect(yield* organizations.findBySlug("acme")).toEqual(Option.none())
          expect(yield* organizations.updateSettings(orgA, withSlug(orgA, "acme"))).toBe(true)
          expect(yield* organizations.findBySlug("acme")).toEqual(
            Option.some({ ...organization(orgA), settings: withSlug(orgA, "acme") })
          )
          expect(yield* organizations.updateSettings(orgA, withSlug(orgA, "acme"))).toBe(true)
          expect(yield* Effect.flip(organizations.updateSettings(orgB, withSlug(orgB, "acme")))).toEqual(
            new SlugTaken({ slug: "acme" })
          )
          expect(yield* organizations.findById(orgB)).toEqual(Option.some(organization(orgB)))
          // Two organisations without a slug never collide.
          expect(yield* organizations.updateSettings(orgB, withSlug(orgB, null))).toBe(true)
          expect(yield* organizations.updateSettings(orgA, withSlug(orgA, null))).toBe(true)
          expect(yield* organizations.findBySlug("acme")).toEqual(Option.none())
          expect(yield* organizations.updateSettings(orgB, withSlug(orgB, "acme"))).toBe(true)
          expect(Option.map(yield* organizations.findBySlug("acme"), (found) => found.id)).toEqual(Option.some(orgB))
        }))

      test("two organisations taking one slug at once: one has it, the other is refused", () =>
        Effect.gen(function*() {
          const organizations = yield* OrganizationsStore
          yield* seedOrganizations
          const outcomes = yield* Effect.all(
            [orgA, orgB].map((id) =>
              Effect.either(organizations.updateSettings(id, { ...organization(id).settings, slug: "shared" }))
            ),
            { concurrency: "unbounded" }
          )
          expect(outcomes.filter((outcome) => outcome._tag === "Right")).toHaveLength(1)
          expect(outcomes.filter((outcome) => outcome._tag === "Left")).toHaveLength(1)
        }))

      test("a template is one per organisation, type and language: saving again replaces it, removing it once", () =>
        Effect.gen(function*() {
          const templates = yield* EmailTemplatesStore
          yield* seedOrganizations
          const template = (type: string, language: "en" | "fr", subject: string) => ({
            organization_id: orgA,
            type,
            language,
            subject,
            text: `${subject} {{url}}`,
            html: `<p>${subject}</p>`,
            updated_at: T0
          })
          yield* templates.put(template("renewal", "en", "Renewed"))
          yield* templates.put(template("approval", "fr", "Confirmez"))
          yield* templates.put(template("approval", "en", "First"))
          yield* templates.put(template("approval", "en", "Second"))
          expect(
            yield* dies(
              templates.put({ ...template("approval", "en", "X"), organization_id: OrganizationId.make("org_none") })
            )
          )
            .toBe(true)
          expect(yield* templates.list(orgA)).toEqual([
            template("approval", "en", "Second"),
            template("approval", "fr", "Confirmez"),
            template("renewal", "en", "Renewed")
          ])
          expect(yield* templates.list(orgB)).toEqual([])
          expect(yield* templates.remove(orgB, "approval", "en")).toBe(false)
          expect(yield* templates.remove(orgA, "approval", "en")).toBe(true)
          expect(yield* templates.remove(orgA, "approval", "en")).toBe(false)
          expect((yield* templates.list(orgA)).map((t) => [t.type, t.language])).toEqual([["approval", "fr"], [
            "renewal",
            "en"
          ]])
        }))
    })

    describe("UsersStore", () => {
      test("an inserted user is found by organisation and organization_user_id", () =>
        Effect.gen(function*() {
          const users = yield* UsersStore
          yield* seedOrganizations
          yield* users.insertIfAbsent(user(orgA, "alice"))
          expect(yield* users.find(orgA, user(orgA, "alice").organization_user_id)).toEqual(
            Option.some(user(orgA, "alice"))
          )
        }))

      test("another organisation's user is not found, and both may use the same organization_user_id", () =>
        Effect.gen(function*() {
          const users = yield* UsersStore
          yield* seedOrganizations
          yield* users.insertIfAbsent(user(orgA, "alice"))
          expect(yield* users.find(orgB, user(orgA, "alice").organization_user_id)).toEqual(Option.none())
          yield* users.insertIfAbsent(user(orgB, "alice"))
          expect(yield* users.find(orgB, user(orgB, "alice").organization_user_id)).toEqual(
            Option.some(user(orgB, "alice"))
          )
        }))

      test("a second user with the same organization_user_id in one organisation leaves the first as it was", () =>
        Effect.gen(function*() {
          const users = yield* UsersStore
          yield* seedOrganizations
          yield* users.insertIfAbsent(user(orgA, "alice"))
          yield* users.insertIfAbsent({ ...user(orgA, "alice", "usr_other"), email: "other@example.org" })
          expect(yield* users.find(orgA, user(orgA, "alice").organization_user_id)).toEqual(
            Option.some(user(orgA, "alice"))
          )
        }))

      test("a second user with the same id is refused", () =>
        Effect.gen(function*() {
          const users = yield* UsersStore
          yield* seedOrganizations
          yield* users.insertIfAbsent(user(orgA, "alice"))
          expect(yield* dies(users.insertIfAbsent(user(orgB, "bob", user(orgA, "alice").id)))).toBe(true)
        }))

      test("a user of an unknown organisation is refused", () =>
        Effect.gen(function*() {
          expect(yield* dies((yield* UsersStore).insertIfAbsent(user(orgA, "alice")))).toBe(true)
        }))
    })

    describe("RequestsStore", () => {
      test("an inserted request reads back equal, at a version", () =>
        Effect.gen(function*() {
          const stored = yield* seedRequest
          const found = yield* (yield* RequestsStore).findById(orgA, stored.id)
          expect(Option.map(found, (f) => f.value)).toEqual(Option.some(stored))
          expect(Option.map(found, (f) => typeof f.version)).toEqual(Option.some("number"))
        }))

      test("a request found as JSON is its encoded form; another organisation's or an unknown id is None", () =>
        Effect.gen(function*() {
          const stored = yield* seedRequest
          const requests = yield* RequestsStore
          const found = Option.getOrThrow(yield* requests.findJson(orgA, stored.id))
          expect(JSON.parse(found)).toEqual(JSON.parse(JSON.stringify(Schema.encodeSync(Request)(stored))))
          expect(yield* requests.findJson(orgB, stored.id)).toEqual(Option.none())
          expect(yield* requests.findJson(orgA, RequestId.make("req_unknown"))).toEqual(Option.none())
        }))

      test("another organisation never finds the request by its id", () =>
        Effect.gen(function*() {
          const stored = yield* seedRequest
          expect(yield* (yield* RequestsStore).findById(orgB, stored.id)).toEqual(Option.none())
        }))

      test("an unknown id is None", () =>
        Effect.gen(function*() {
          yield* seedRequest
          expect(yield* (yield* RequestsStore).findById(orgA, request({ id: "req_unknown" }).id)).toEqual(Option.none())
        }))

      test("a request id used twice is refused", () =>
        Effect.gen(function*() {
          const stored = yield* seedRequest
          expect(yield* dies((yield* RequestsStore).insert({ ...stored, status: "verified" }))).toBe(true)
        }))

      test("a request of an unknown organisation is refused", () =>
        Effect.gen(function*() {
          expect(yield* dies((yield* RequestsStore).insert(request({ id: "req_1" })))).toBe(true)
        }))

      describe("update (compare-and-set on the version)", () => {
        test("with the current version it stores the request and moves the version on", () =>
          Effect.gen(function*() {
            const requests = yield* RequestsStore
            const stored = yield* seedRequest
            const before = Option.getOrThrow(yield* requests.findById(orgA, stored.id))
            const next: Request = { ...stored, status: "verified", metadata: { reviewed: true }, updated_at: day(1) }
            expect(yield* requests.update(next, before.version)).toBe(true)
            const after = Option.getOrThrow(yield* requests.findById(orgA, stored.id))
            expect(after.value).toEqual(next)
            expect(after.version).not.toBe(before.version)
          }))

        test("with a stale version it returns false and writes nothing", () =>
          Effect.gen(function*() {
            const requests = yield* RequestsStore
            const stored = yield* seedRequest
            const { version } = Option.getOrThrow(yield* requests.findById(orgA, stored.id))
            expect(yield* requests.update({ ...stored, status: "verified" }, version)).toBe(true)
            const current = Option.getOrThrow(yield* requests.findById(orgA, stored.id))
            expect(yield* requests.update({ ...stored, status: "refused" }, version)).toBe(false)
            expect(yield* requests.findById(orgA, stored.id)).toEqual(Option.some(current))
          }))

        test("of another organisation's request it returns false and writes nothing", () =>
          Effect.gen(function*() {
            const requests = yield* RequestsStore
            const stored = yield* seedRequest
            const current = Option.getOrThrow(yield* requests.findById(orgA, stored.id))
            expect(yield* requests.update({ ...stored, organization_id: orgB, status: "verified" }, current.version))
              .toBe(false)
            expect(yield* requests.findById(orgA, stored.id)).toEqual(Option.some(current))
            expect(yield* requests.findById(orgB, stored.id)).toEqual(Option.none())
          }))

        test("of 50 concurrent updates from the same version exactly one succeeds", () =>
          Effect.gen(function*() {
            const requests = yield* RequestsStore
            const stored = yield* seedRequest
            const { version } = Option.getOrThrow(yield* requests.findById(orgA, stored.id))
            const statuses: ReadonlyArray<Status> = ["verified", "work_in_progress", "refused"]
            const results = yield* Effect.all(
              Array.from({ length: 50 }, (_, i) =>
                requests.update({ ...stored, status: statuses[i % 3]!, metadata: { writer: i } }, version)),
              { concurrency: "unbounded" }
            )
            expect(results.filter((changed) =>
              changed
            )).toHaveLength(1)
            const winner = results.indexOf(true)
            const after = Option.getOrThrow(yield* requests.findById(orgA, stored.id))
            expect(after.value.metadata).toEqual({ writer: winner })
            expect(yield* requests.update(stored, after.version)).toBe(true)
          }))
      })

      describe("forgetApprovalUrl", () => {
        test("removes the approval URL while it is the given one, moves the version on, and changes nothing else", () =>
          Effect.gen(function*() {
            const requests = yield* RequestsStore
            const stored = yield* seedRequest
            const url = stored.validation!.approve_url!
            const before = Option.getOrThrow(yield* requests.findById(orgA, stored.id))
            expect(yield* requests.forgetApprovalUrl(orgA, stored.id, url)).toBe(true)
            const after = Option.getOrThrow(yield* requests.findById(orgA, stored.id))
            expect(after.value).toEqual({ ...stored, validation: { ...stored.validation!, approve_url: null } })
            expect(after.version).toBe(before.version + 1)
            expect(Option.getOrThrow(yield* requests.findJson(orgA, stored.id))).not.toContain(url)
            // An update from the version read before it loses, as after any other change.
            expect(yield* requests.update({ ...stored, status: "verified" }, before.version)).toBe(false)
          }))

        test("leaves a request whose URL is another, or that has none, or of another organisation, as it is", () =>
          Effect.gen(function*() {
            const requests = yield* RequestsStore
            const stored = yield* seedRequest
            const url = stored.validation!.approve_url!
            const before = yield* requests.findById(orgA, stored.id)
            expect(yield* requests.forgetApprovalUrl(orgA, stored.id, `${url}-renewed`)).toBe(true)
            expect(yield* requests.forgetApprovalUrl(orgB, stored.id, url)).toBe(true)
            expect(yield* requests.forgetApprovalUrl(orgA, RequestId.make("req_missing"), url)).toBe(true)
            expect(yield* requests.findById(orgA, stored.id)).toEqual(before)
            expect(yield* requests.forgetApprovalUrl(orgA, stored.id, url)).toBe(true)
            const forgotten = yield* requests.findById(orgA, stored.id)
            expect(yield* requests.forgetApprovalUrl(orgA, stored.id, url)).toBe(true)
            expect(yield* requests.findById(orgA, stored.id)).toEqual(forgotten)
          }))
      })

      describe("list", () => {
        test("returns only the organisation's requests", () =>
          Effect.gen(function*() {
            yield* seedListed
            expect(yield* listIds({})).toEqual({
              ids: ["req_01", "req_02", "req_03", "req_04", "req_05", "req_06"],
              total: 6
            })
            expect(yield* listIds({ organization_id: orgB })).toEqual({ ids: ["req_b1"], total: 1 })
          }))

        test("returns the requests whole", () =>
          Effect.gen(function*() {
            yield* seedListed
            const page = yield* (yield* RequestsStore).list({
              organization_id: orgB,
              where: everything,
              sort: byCreation,
              limit: 10,
              skip: 0
            })
            expect(page.items).toEqual([listed[6]])
          }))

        test("writes a page as JSON: its requests' encoded form, in the page's order, with the same total, its size, and the scalar fields of its last", () =>
          Effect.gen(function*() {
            yield* seedListed
            const requests = yield* RequestsStore
            const queries: ReadonlyArray<RequestQuery> = [
              {
                organization_id: orgA,
                where: everything,
                sort: [{ field: "updated_at", direction: -1 }],
                limit: 10,
                skip: 0
              },
              { organization_id: orgA, where: among("status", ["verified"]), sort: byCreation, limit: 1, skip: 1 },
              { organization_id: orgA, where: everything, sort: byCreation, limit: 10, skip: 6 },
              { organization_id: orgA, where: everything, sort: byCreation, limit: 0, skip: 0 }
            ]
            for (const query of queries) {
              const page = yield* requests.list(query)
              const written = yield* requests.listJson(query)
              expect(JSON.parse(written.json)).toEqual(
                JSON.parse(JSON.stringify(Schema.encodeSync(Schema.Array(Request))(page.items)))
              )
              expect(written.total).toBe(page.total)
              expect(written.size).toBe(page.items.length)
              const last = page.items.at(-1)
              const scalars = (request: RequestSortKey | undefined) =>
                request === undefined ? undefined : ScalarFields.map((field) => request[field] ?? null)
              expect(scalars(written.last)).toEqual(scalars(last))
            }
          }))

        testEach<readonly [string, Partial<RequestQuery>, ReadonlyArray<string>]>([
          ["status, one value", filter(among("status", ["verified"])), ["req_02", "req_06"]],
          ["status, several values", filter(among("status", ["unverified", "fulfilled"])), ["req_01", "req_04"]],
          ["user_right_id", filter(among("user_right_id", ["cpra_opt_out"])), ["req_03", "req_06"]],
          [
            "user_right_id, several values",
            filter(among("user_right_id", ["cpra_access_my_data", "cpra_delete_my_data"])),
            [
              "req_01",
              "req_02",
              "req_04",
              "req_05"
            ]
          ],
          ["regulation_id", filter(among("regulation_id", ["cpra"])), [
            "req_01",
            "req_02",
            "req_03",
            "req_04",
            "req_05",
            "req_06"
          ]],
          ["organization_user_id", filter(compare("organization_user_id", "eq", "alice")), [
            "req_01",
            "req_03",
            "req_05"
          ]],
          [
            "created_at, gte inclusive and lt exclusive",
            filter(compare("created_at", "gte", day(1)), compare("created_at", "lt", day(3))),
            [
              "req_02",
              "req_03",
              "req_04"
            ]
          ],
          ["created_at, gte only", filter(compare("created_at", "gte", day(3))), ["req_05", "req_06"]],
          ["created_at, lt only", filter(compare("created_at", "lt", day(1))), ["req_01"]],
          [
            "expires_at, gte inclusive and lt exclusive",
            filter(compare("expires_at", "gte", day(16)), compare("expires_at", "lt", day(18))),
            ["req_03"]
          ],
          ["expires_at, gte only", filter(compare("expires_at", "gte", day(18))), [
            "req_01",
            "req_02",
            "req_04",
            "req_05",
            "req_06"
          ]],
          [
            "several filters at once",
            filter(
              among("status", ["verified"]),
              compare("organization_user_id", "eq", "bob"),
              compare("created_at", "lt", day(2))
            ),
            ["req_02"]
          ],
          ["an empty list of allowed values", filter(among("status", [])), []],
          ["an empty list of excluded values", filter(among("status", [], true)), [
            "req_01",
            "req_02",
            "req_03",
            "req_04",
            "req_05",
            "req_06"
          ]],
          ["status not in a list", filter(among("status", ["verified", "unverified"], true)), [
            "req_03",
            "req_04",
            "req_05"
          ]],
          ["status not equal", filter(compare("status", "ne", "verified")), [
            "req_01",
            "req_03",
            "req_04",
            "req_05"
          ]],
          ["id equal", filter(compare("id", "eq", "req_03")), ["req_03"]],
          ["id after, inclusive", filter(compare("id", "gte", "req_05")), ["req_05", "req_06"]],
          ["id after, exclusive", filter(compare("id", "gt", "req_05")), ["req_06"]],
          ["id up to, inclusive", filter(compare("id", "lte", "req_02")), ["req_01", "req_02"]],
          ["source_id among", filter(among("source_id", ["src_req_02", "src_req_04", "src_req_b1"])), [
            "req_02",
            "req_04"
          ]],
          ["validation_id equal", filter(compare("validation_id", "eq", "val_req_01")), [
            "req_01"
          ]],
          [
            "validation_id not equal keeps the requests without one",
            filter(compare("validation_id", "ne", "val_req_01")),
            [
              "req_02",
              "req_03",
              "req_04",
              "req_05",
              "req_06"
            ]
          ],
          [
            "validation_id not in a list keeps the requests without one",
            filter(among("validation_id", ["val_req_01"], true)),
            [
              "req_02",
              "req_03",
              "req_04",
              "req_05",
              "req_06"
            ]
          ],
          [
            "validation_id in a range leaves out the requests without one",
            filter(compare("validation_id", "gte", "val")),
            [
              "req_01",
              "req_02",
              "req_03",
              "req_06"
            ]
          ],
          ["validation_id absent", filter(absent("validation_id")), ["req_04", "req_05"]],
          ["validation_id present", filter(absent("validation_id", true)), ["req_01", "req_02", "req_03", "req_06"]],
          [
            "updated_at, lte inclusive and gt exclusive",
            filter(compare("updated_at", "gt", day(2)), compare("updated_at", "lte", day(4))),
            [
              "req_03",
              "req_05",
              "req_06"
            ]
          ],
          ["updated_at equal", filter(compare("updated_at", "eq", day(4))), ["req_03", "req_05", "req_06"]],
          ["created_at among instants", filter(among("created_at", [day(0), day(3)])), ["req_01", "req_05", "req_06"]],
          [
            "or: either condition",
            filter(any(compare("status", "eq", "refused"), compare("organization_user_id", "eq", "bob"))),
            [
              "req_02",
              "req_05",
              "req_06"
            ]
          ],
          ["or of nothing: no request", filter(any()), []],
          ["and of nothing: every request", filter(all()), [
            "req_01",
            "req_02",
            "req_03",
            "req_04",
            "req_05",
            "req_06"
          ]],
          [
            "or within and, and within or",
            filter(
              any(
                all(compare("organization_user_id", "eq", "alice"), compare("created_at", "gte", day(1))),
                all(among("status", ["fulfilled"]), any(compare("user_right_id", "eq", "cpra_access_my_data")))
              ),
              compare("status", "ne", "work_in_progress")
            ),
            ["req_04", "req_05"]
          ],
          [
            "or over the counted columns alone",
            filter(any(among("status", ["verified"]), compare("user_right_id", "eq", "cpra_delete_my_data"))),
            [
              "req_02",
              "req_05",
              "req_06"
            ]
          ],
          ["duplicate_of, one request's", filter(compare("duplicate_of", "eq", "req_01")), ["req_05"]],
          ["duplicate_of present", filter(absent("duplicate_of", true)), ["req_05", "req_06"]],
          ["duplicate_of absent", filter(absent("duplicate_of")), ["req_01", "req_02", "req_03", "req_04"]],
          [
            "duplicate_of not equal keeps the requests without one",
            filter(compare("duplicate_of", "ne", "req_01")),
            ["req_01", "req_02", "req_03", "req_04", "req_06"]
          ]
        ])("filters by %s, and total counts the matches", ([, filter, ids]) =>
          Effect.gen(function*() {
            yield* seedListed
            expect(yield* listIds(filter)).toEqual({ ids, total: ids.length })
          }))

        testEach(
          [
            ["created_at", 1, ["req_01", "req_02", "req_03", "req_04", "req_05", "req_06"]],
            ["validation_id", 1, ["req_04", "req_05", "req_01", "req_02", "req_03", "req_06"]],
            ["validation_id", -1, ["req_06", "req_03", "req_02", "req_01", "req_05", "req_04"]],
            ["organization_user_id", 1, ["req_01", "req_03", "req_05", "req_02", "req_06", "req_04"]],
            ["organization_user_id", -1, ["req_04", "req_06", "req_02", "req_05", "req_03", "req_01"]],
            ["id", -1, ["req_06", "req_05", "req_04", "req_03", "req_02", "req_01"]],
            ["created_at", -1, ["req_06", "req_05", "req_04", "req_03", "req_02", "req_01"]],
            ["updated_at", 1, ["req_04", "req_03", "req_05", "req_06", "req_01", "req_02"]],
            ["updated_at", -1, ["req_02", "req_01", "req_06", "req_05", "req_03", "req_04"]],
            ["expires_at", 1, ["req_03", "req_06", "req_01", "req_02", "req_04", "req_05"]],
            ["expires_at", -1, ["req_05", "req_04", "req_02", "req_01", "req_06", "req_03"]],
            ["status", 1, ["req_04", "req_05", "req_01", "req_02", "req_06", "req_03"]],
            ["status", -1, ["req_03", "req_06", "req_02", "req_01", "req_05", "req_04"]],
            ["user_right_id", 1, ["req_01", "req_04", "req_02", "req_05", "req_03", "req_06"]],
            ["user_right_id", -1, ["req_06", "req_03", "req_05", "req_02", "req_04", "req_01"]]
          ] as const
        )(
          "sorts by %s in direction %i, ties by id in that direction, absent values first ascending and last descending",
          ([field, direction, ids]) =>
            Effect.gen(function*() {
              yield* seedListed
              expect((yield* listIds({ sort: [{ field, direction }] })).ids).toEqual(ids)
            })
        )

        test("applies several sort keys in order, then id", () =>
          Effect.gen(function*() {
            yield* seedListed
            const statusThenNewest = yield* listIds({
              sort: [{ field: "status", direction: 1 }, { field: "created_at", direction: -1 }]
            })
            expect(statusThenNewest.ids).toEqual(["req_04", "req_05", "req_01", "req_06", "req_02", "req_03"])
            const rightThenUpdated = yield* listIds({
              sort: [{ field: "user_right_id", direction: -1 }, { field: "updated_at", direction: 1 }]
            })
            expect(rightThenUpdated.ids).toEqual(["req_03", "req_06", "req_05", "req_02", "req_04", "req_01"])
          }))

        test("pages with limit and skip; total counts every match before paging", () =>
          Effect.gen(function*() {
            yield* seedListed
            expect(yield* listIds({ limit: 2, skip: 2 })).toEqual({ ids: ["req_03", "req_04"], total: 6 })
            expect(yield* listIds({ limit: 10, skip: 5 })).toEqual({ ids: ["req_06"], total: 6 })
            expect(yield* listIds({ limit: 10, skip: 6 })).toEqual({ ids: [], total: 6 })
            expect(yield* listIds({ ...filter(among("status", ["verified"])), limit: 1, skip: 0 })).toEqual({
              ids: ["req_02"],
              total: 2
            })
            expect(yield* listIds({ limit: 0 })).toEqual({ ids: [], total: 6 })
            expect(yield* listIds({ ...filter(any(among("status", ["verified"]))), limit: 0 })).toEqual({
              ids: [],
              total: 2
            })
          }))

        test("totals follow a request moved to another status, and leave out a rolled-back insert", () =>
          Effect.gen(function*() {
            yield* seedListed
            const requests = yield* RequestsStore
            const moved = listed.find((item) => item.id === "req_02")!
            const { version } = Option.getOrThrow(yield* requests.findById(orgA, moved.id))
            expect(yield* requests.update({ ...moved, status: "work_in_progress" }, version)).toBe(true)
            const refused = (yield* Transactor).withTransaction(
              Effect.zipRight(requests.insert(request({ id: "req_07", status: "verified" })), Effect.fail("refused"))
            )
            expect(yield* Effect.exit(refused)).toEqual(Exit.fail("refused"))
            expect(yield* listIds(filter(among("status", ["verified"])))).toEqual({ ids: ["req_06"], total: 1 })
            expect(yield* listIds(filter(among("status", ["work_in_progress"])))).toEqual({
              ids: ["req_02", "req_03"],
              total: 2
            })
            expect(
              yield* listIds(
                filter(among("status", ["work_in_progress"]), among("user_right_id", ["cpra_delete_my_data"]))
              )
            ).toEqual({ ids: ["req_02"], total: 1 })
            expect((yield* listIds(filter(among("regulation_id", ["cpra"])))).total).toBe(6)
            expect((yield* listIds(filter(among("status", ["verified"], true)))).total).toBe(5)
          }))

        test("breaks ties by id bytewise, whatever the database's locale", () =>
          Effect.gen(function*() {
            const requests = yield* RequestsStore
            yield* seedOrganizations
            const ids = ["req_b", "req_B", "req__", "req_a", "req_Z", "req-1"]
            yield* Effect.forEach(ids, (id) => requests.insert(request({ id })), { discard: true })
            expect((yield* listIds({})).ids).toEqual(["req-1", "req_B", "req_Z", "req__", "req_a", "req_b"])
          }))

        const answersAsTheModel = (queries: FastCheck.Arbitrary<RequestQuery>) =>
          Effect.gen(function*() {
            yield* seedOrganizations
            const requests = yield* RequestsStore
            yield* Effect.forEach(modelled, requests.insert, { discard: true })
            const runtime = yield* Effect.runtime<Stores>()
            yield* Effect.promise(() =>
              FastCheck.assert(
                FastCheck.asyncProperty(queries, (query) =>
                  Runtime.runPromise(runtime)(Effect.gen(function*() {
                    const expected = pageOf(modelled, query)
                    const page = yield* requests.list(query)
                    expect({ ids: page.items.map((r) => r.id), total: page.total }).toEqual({
                      ids: expected.items.map((r) => r.id),
                      total: expected.total
                    })
                    expect((yield* requests.listJson(query)).total).toBe(expected.total)
                    const { limit: _limit, skip: _skip, ...ordered } = query
                    const earliest = pageOf(modelled, { ...query, limit: 1, skip: 0 }).items[0]
                    expect(yield* requests.firstCandidate(ordered)).toEqual(
                      Option.fromNullable(
                        earliest &&
                          Struct.pick(earliest, "id", "organization_user_id", "user_right_id", "status", "created_at")
                      )
                    )
                  }))),
                { numRuns: 150 }
              )
            )
          })

        test("answers any query as the reference model does: every field, operator, nesting, sort and page, and the first request of its order", () =>
          answersAsTheModel(queryArbitrary))

        test("answers any $or of conditions or of their conjunctions, alone or beside another condition, as the reference model does", () =>
          answersAsTheModel(queryOf(topLevelOrArbitrary)))

        // Keyset pages (decision 0025): each page is the requests after the last one's sort key.
        const walk = (
          query: RequestQuery,
          between: (pageIndex: number) => Effect.Effect<void, never, Stores> = () => Effect.void
        ) =>
          Effect.gen(function*() {
            const requests = yield* RequestsStore
            const ids: Array<string> = []
            const totals: Array<number> = []
            let position: Condition | undefined = undefined
            for (let pageIndex = 0;; pageIndex++) {
              const page = yield* requests.list({ ...query, skip: 0, ...(position && { after: position }) })
              totals.push(page.total)
              for (const item of page.items) ids.push(item.id)
              if (page.items.length < query.limit) return { ids, totals }
              // A cursor that did not move the page on would walk forever.
              expect(pageIndex, "pages walked").toBeLessThan(200)
              position = Cursor.after(query.sort, page.items[page.items.length - 1]!)
              yield* between(pageIndex)
            }
          })
        const walkArbitrary = FastCheck.record({
          query: queryArbitrary,
          limit: FastCheck.integer({ min: 1, max: 7 })
        }).map(({ limit, query }) => ({ ...query, limit, skip: 0 }))

        test("walking every page by cursor yields the whole sorted listing once, for any filter and sort", () =>
          Effect.gen(function*() {
            yield* seedOrganizations
            const requests = yield* RequestsStore
            yield* Effect.forEach(modelled, requests.insert, { discard: true })
            const runtime = yield* Effect.runtime<Stores>()
            yield* Effect.promise(() =>
              FastCheck.assert(
                FastCheck.asyncProperty(walkArbitrary, (query) =>
                  Runtime.runPromise(runtime)(Effect.gen(function*() {
                    const expected = pageOf(modelled, { ...query, limit: modelled.length })
                    const { ids, totals } = yield* walk(query)
                    expect(ids).toEqual(expected.items.map((r) => r.id))
                    // A cursor narrows the page, not the total.
                    expect(new Set(totals)).toEqual(new Set([expected.total]))
                  }))),
                { numRuns: 100 }
              )
            )
          }))

        test("requests inserted while a walk by cursor goes on neither repeat nor displace a row", () =>
          Effect.gen(function*() {
            yield* seedOrganizations
            const requests = yield* RequestsStore
            yield* Effect.forEach(modelled, requests.insert, { discard: true })
            const runtime = yield* Effect.runtime<Stores>()
            let inserted = 0
            yield* Effect.promise(() =>
              FastCheck.assert(
                FastCheck.asyncProperty(walkArbitrary, FastCheck.integer({ min: 0, max: 5 }), (query, created) =>
                  Runtime.runPromise(runtime)(Effect.gen(function*() {
                    const before = new Set<string>((yield* requests.list({ ...query, limit: 10_000 })).items.map((r) =>
                      r.id
                    ))
                    const expected = pageOf(modelled, { ...query, limit: modelled.length }).items.map((r) =>
                      r.id
                    )
                    // Inserted while the first pages are read: those after the cursor show on later pages.
                    const { ids } = yield* walk(query, (pageIndex) =>
                      pageIndex >= 3 ? Effect.void : requests.insert(request({
                        id: `req_new_${String(inserted++).padStart(4, "0")}`,
                        created_at: day(created),
                        updated_at: day(created)
                      })))
                    expect(new Set(ids).size, "no request twice").toBe(ids.length)
                    expect(ids.filter((id) => before.has(id))).toEqual([...before])
                    expect(ids.filter((id) => !id.startsWith("req_new_"))).toEqual(expected)
                  }))),
                { numRuns: 40 }
              )
            )
          }))

        test("finds by recipient exactly the requests whose emails go to the address, in any case, paged by $skip and $cursor", () =>
          Effect.gen(function*() {
            yield* seedListed
            expect(yield* listIds(filter(sentToAddress("ALICE@Example.ORG")))).toEqual({
              ids: ["req_01", "req_03", "req_05"],
              total: 3
            })
            expect(yield* listIds({ organization_id: orgB, where: sentToAddress("alice@example.org") })).toEqual({
              ids: ["req_b1"],
              total: 1
            })
            expect(
              yield* listIds(
                filter(sentToAddress("alice@example.org"), among("status", ["work_in_progress", "refused"]))
              )
            ).toEqual({ ids: ["req_03", "req_05"], total: 2 })
            expect(yield* listIds({ where: any(sentToAddress("bob@example.org"), sentToAddress("Carol@example.org")) }))
              .toEqual({ ids: ["req_02", "req_04", "req_06"], total: 3 })
            expect(yield* listIds(filter(sentToAddress("nobody@example.org")))).toEqual({ ids: [], total: 0 })
            const newestFirst: RequestQuery["sort"] = [{ field: "created_at", direction: -1 }]
            expect(
              yield* listIds({ ...filter(sentToAddress("alice@example.org")), sort: newestFirst, limit: 1, skip: 1 })
            )
              .toEqual({ ids: ["req_03"], total: 3 })
            expect(
              yield* walk({
                organization_id: orgA,
                where: sentToAddress("Alice@example.org"),
                sort: newestFirst,
                limit: 1,
                skip: 0
              })
            ).toEqual({ ids: ["req_05", "req_03", "req_01"], totals: [3, 3, 3, 3] })
          }))

        test("an erased request is no longer found by the address its emails went to", () =>
          Effect.gen(function*() {
            const stored = yield* seedRequest
            const requests = yield* RequestsStore
            yield* requests.insert(request({ id: "req_2" }))
            const erased = erasedRequest(stored, { at: day(1), by: { type: "system", id: "retention" } })
            expect(yield* requests.update(erased, 1)).toBe(true)
            expect(yield* listIds(filter(sentToAddress("alice@example.org")))).toEqual({ ids: ["req_2"], total: 1 })
          }))

        test("the pages of a sort with ties cover every request exactly once", () =>
          Effect.gen(function*() {
            yield* seedListed
            const sort: RequestQuery["sort"] = [{ field: "updated_at", direction: -1 }]
            const pages = yield* Effect.forEach([0, 2, 4], (skip) => listIds({ sort, limit: 2, skip }))
            expect(pages.flatMap((page) => page.ids)).toEqual((yield* listIds({ sort })).ids)
          }))
      })
    })

    describe("LinksStore", () => {
      test("an inserted link is found by its token hash, as written", () =>
        Effect.gen(function*() {
          const links = yield* LinksStore
          const stored = yield* seedRequest
          const issued = link(stored, "lnk_1")
          yield* links.insert(issued)
          expect(yield* links.findByTokenHash(issued.token_hash)).toEqual(Option.some(issued))
          expect(yield* links.findByTokenHash("hash_unknown")).toEqual(Option.none())
        }))

      test("a token hash used twice is refused", () =>
        Effect.gen(function*() {
          const links = yield* LinksStore
          const stored = yield* seedRequest
          yield* links.insert(link(stored, "lnk_1"))
          expect(yield* dies(links.insert(link(stored, "lnk_2", { token_hash: link(stored, "lnk_1").token_hash }))))
            .toBe(true)
        }))

      test("a link to another organisation's request is refused", () =>
        Effect.gen(function*() {
          const stored = yield* seedRequest
          expect(yield* dies((yield* LinksStore).insert({ ...link(stored, "lnk_1"), organization_id: orgB }))).toBe(
            true
          )
        }))

      test("markUsed succeeds once and records when", () =>
        Effect.gen(function*() {
          const links = yield* LinksStore
          const stored = yield* seedRequest
          const issued = link(stored, "lnk_1")
          yield* links.insert(issued)
          expect(yield* links.markUsed(issued.id, day(1))).toBe(true)
          expect(yield* links.markUsed(issued.id, day(2))).toBe(false)
          expect(yield* links.findByTokenHash(issued.token_hash)).toEqual(
            Option.some({ ...issued, used_at: day(1), updated_at: day(1) })
          )
        }))

      test("markUsed of an unknown link is false", () =>
        Effect.gen(function*() {
          yield* seedRequest
          expect(yield* (yield* LinksStore).markUsed(LinkId.make("lnk_unknown"), T0)).toBe(false)
        }))

      test("of many concurrent markUsed exactly one succeeds", () =>
        Effect.gen(function*() {
          const links = yield* LinksStore
          const stored = yield* seedRequest
          const issued = link(stored, "lnk_1")
          yield* links.insert(issued)
          const results = yield* Effect.all(
            Array.from({ length: 30 }, (_, i) => links.markUsed(issued.id, new Date(T0.getTime() + i))),
            { concurrency: "unbounded" }
          )
          expect(results.filter((used) => used)).toHaveLength(1)
          const usedAt = Option.getOrThrow(yield* links.findByTokenHash(issued.token_hash)).used_at
          expect(usedAt).toEqual(new Date(T0.getTime() + results.indexOf(true)))
        }))

      test("markRenewed succeeds once, independently of markUsed", () =>
        Effect.gen(function*() {
          const links = yield* LinksStore
          const stored = yield* seedRequest
          const issued = link(stored, "lnk_1")
          yield* links.insert(issued)
          expect(yield* links.markRenewed(issued.id, day(1))).toBe(true)
          expect(yield* links.markRenewed(issued.id, day(2))).toBe(false)
          expect(yield* links.markUsed(issued.id, day(3))).toBe(true)
          expect(yield* links.findByTokenHash(issued.token_hash)).toEqual(
            Option.some({ ...issued, renewed_at: day(1), used_at: day(3), updated_at: day(3) })
          )
        }))

      test("of many concurrent markRenewed exactly one succeeds", () =>
        Effect.gen(function*() {
          const links = yield* LinksStore
          const stored = yield* seedRequest
          const issued = link(stored, "lnk_1")
          yield* links.insert(issued)
          const results = yield* Effect.all(Array.from({ length: 30 }, () => links.markRenewed(issued.id, day(1))), {
            concurrency: "unbounded"
          })
          expect(results.filter((renewed) => renewed)).toHaveLength(1)
        }))
    })

    describe("NotesStore", () => {
      test("lists a request's notes oldest first, ties in insertion order", () =>
        Effect.gen(function*() {
          const notes = yield* NotesStore
          const stored = yield* seedRequest
          const written = [
            note(stored, "nte_c", day(2)),
            note(stored, "nte_b", day(1)),
            note(stored, "nte_a", day(2)),
            note(stored, "nte_d", day(0))
          ]
          yield* Effect.forEach(written, notes.insert, { discard: true })
          expect(yield* notes.listByRequest(orgA, stored.id)).toEqual([written[3], written[1], written[0], written[2]])
        }))

      test("another organisation sees none of the request's notes", () =>
        Effect.gen(function*() {
          const notes = yield* NotesStore
          const stored = yield* seedRequest
          yield* notes.insert(note(stored, "nte_1"))
          expect(yield* notes.listByRequest(orgB, stored.id)).toEqual([])
        }))

      test("a note on another organisation's request, or an unknown one, is refused", () =>
        Effect.gen(function*() {
          const notes = yield* NotesStore
          const stored = yield* seedRequest
          expect(yield* dies(notes.insert({ ...note(stored, "nte_1"), organization_id: orgB }))).toBe(true)
          expect(yield* dies(notes.insert(note(request({ id: "req_unknown" }), "nte_2")))).toBe(true)
          expect(yield* notes.listByRequest(orgA, stored.id)).toEqual([])
        }))
    })

    describe("HistoryStore", () => {
      test("lists a request's entries in the order they were appended", () =>
        Effect.gen(function*() {
          const history = yield* HistoryStore
          const stored = yield* seedRequest
          const other = request({ id: "req_2" })
          yield* (yield* RequestsStore).insert(other)
          const appended = [
            historyEntry(stored, "hst_c"),
            historyEntry(stored, "hst_a"),
            historyEntry(stored, "hst_b", day(1))
          ]
          yield* history.append(appended[0]!)
          yield* history.append(historyEntry(other, "hst_other"))
          yield* history.append(appended[1]!)
          yield* history.append(appended[2]!)
          expect((yield* history.listByRequest(orgA, stored.id)).map(entryOf)).toEqual(appended)
        }))

      test("appends chain each organisation's entries apart: positions from 1, each linked to the one before", () =>
        Effect.gen(function*() {
          const history = yield* HistoryStore
          const stored = yield* seedRequest
          const other = request({ id: "req_2" })
          const ofB = request({ id: "req_b", organization_id: orgB })
          yield* Effect.forEach([other, ofB], (yield* RequestsStore).insert, { discard: true })
          expect(yield* history.head(orgA)).toEqual(Option.none())
          const first = yield* history.append(historyEntry(stored, "hst_1"))
          const b = yield* history.append(historyEntry(ofB, "hst_b"))
          const second = yield* history.append(historyEntry(other, "hst_2", day(1)))
          expect([first.position, first.previous_hash, second.position, second.previous_hash, b.position]).toEqual([
            1,
            EmptyChain.hash,
            2,
            first.hash,
            1
          ])
          expect(yield* history.head(orgA)).toEqual(Option.some({ position: 2, hash: second.hash }))
          expect(yield* history.chain(orgA, 0, 10)).toEqual([first, second])
          expect(yield* history.chain(orgA, 1, 10)).toEqual([second])
          expect(yield* history.listByRequest(orgA, other.id)).toEqual([second])
          expect(yield* history.organizations).toEqual([orgA, orgB].sort())
          expect((yield* verifyHistory(orgA)).intact).toBe(true)
        }))

      test("appends racing in transactions of their own never fork an organisation's chain", () =>
        Effect.gen(function*() {
          const stored = yield* seedRequest
          const transactor = yield* Transactor
          const history = yield* HistoryStore
          yield* Effect.forEach(
            Array.from({ length: 12 }, (_, i) => historyEntry(stored, `hst_${i}`)),
            (entry) => transactor.withTransaction(history.append(entry)),
            { concurrency: "unbounded", discard: true }
          )
          const chain = yield* history.chain(orgA, 0, 100)
          expect(chain.map((record) => record.position)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
          expect(yield* verifyHistory(orgA)).toMatchObject({ intact: true, verified_entries: 12 })
        }))

      test("an erasure of a request's history values leaves its organisation's chain intact", () =>
        Effect.gen(function*() {
          const stored = yield* seedRequest
          const history = yield* HistoryStore
          yield* history.append(historyEntry(stored, "hst_1"))
          yield* history.append(historyEntry(stored, "hst_2"))
          yield* (yield* ErasureStore).eraseDependents(orgA, stored.id, stored.organization_user_id, erasedChange)
          expect(yield* verifyHistory(orgA)).toMatchObject({ intact: true, verified_entries: 2 })
        }))

      test("an entry's reason reads back as written; an entry without one has none", () =>
        Effect.gen(function*() {
          const history = yield* HistoryStore
          const stored = yield* seedRequest
          const appended = [historyEntry(stored, "hst_1"), extensionEntry(stored, "hst_2", day(1))]
          yield* Effect.forEach(appended, history.append, { discard: true })
          const listed = (yield* history.listByRequest(orgA, stored.id)).map(entryOf)
          expect(listed).toEqual(appended)
          expect("reason" in listed[0]!).toBe(false)
        }))

      test("another organisation sees none of the request's history", () =>
        Effect.gen(function*() {
          const history = yield* HistoryStore
          const stored = yield* seedRequest
          yield* history.append(historyEntry(stored, "hst_1"))
          expect(yield* history.listByRequest(orgB, stored.id)).toEqual([])
        }))

      test("an entry for another organisation's request is refused", () =>
        Effect.gen(function*() {
          const stored = yield* seedRequest
          expect(yield* dies((yield* HistoryStore).append({ ...historyEntry(stored, "hst_1"), organization_id: orgB })))
            .toBe(true)
        }))
    })

    describe("Outbox", () => {
      test("pending lists messages oldest first, ties in insertion order, as written, up to the limit", () =>
        Effect.gen(function*() {
          const outbox = yield* Outbox
          const stored = yield* seedRequest
          const queued = [
            message(stored, "msg_c", day(1)),
            {
              ...message(stored, "msg_a", day(0)),
              kind: "status_notice" as const,
              variables: { status: "verified" as const, extra_message_variables: { a: "b" } }
            },
            message(stored, "msg_b", day(1))
          ]
          yield* Effect.forEach(queued, outbox.enqueue, { discard: true })
          expect(yield* undelivered(10)).toEqual([queued[1], queued[0], queued[2]])
          expect(yield* undelivered(2)).toEqual([queued[1], queued[0]])
        }))

      /** A message's bookkeeping as `due` lists it. */
      const queued = (m: ReturnType<typeof message>, delivery: Partial<DeliveryState> = {}): QueuedMessage => ({
        ...m,
        attempts: 0,
        next_attempt_at: m.created_at,
        last_attempt_at: null,
        last_error: null,
        ...delivery
      })
      const seconds = (at: Date, n: number) => new Date(at.getTime() + n * 1000)

      test("due lists undelivered messages due by now, oldest first, ties in insertion order, with their bookkeeping", () =>
        Effect.gen(function*() {
          const outbox = yield* Outbox
          const stored = yield* seedRequest
          const notice = {
            ...message(stored, "msg_a", day(0)),
            kind: "status_notice" as const,
            variables: {
              status: "fulfilled" as const,
              extra_message_variables: { download_link: "https://example.org/x.zip" }
            }
          }
          const later = message(stored, "msg_later", day(2))
          const queuedAll = [message(stored, "msg_c", day(1)), notice, message(stored, "msg_b", day(1)), later]
          yield* Effect.forEach(queuedAll, outbox.enqueue, { discard: true })
          expect(yield* outbox.due(day(1), 10)).toEqual([queued(notice), queued(queuedAll[0]!), queued(queuedAll[2]!)])
          expect(yield* outbox.due(day(1), 2)).toEqual([queued(notice), queued(queuedAll[0]!)])
          expect(yield* outbox.due(seconds(day(0), -1), 10)).toEqual([])
          expect(yield* outbox.due(day(2), 10)).toEqual([
            queued(notice),
            queued(queuedAll[0]!),
            queued(queuedAll[2]!),
            queued(later)
          ])
        }))

      test("markDelivered takes a message out of due and pending, for good", () =>
        Effect.gen(function*() {
          const outbox = yield* Outbox
          const stored = yield* seedRequest
          const [first, second] = [message(stored, "msg_1", day(0)), message(stored, "msg_2", day(0))]
          yield* outbox.enqueue(first)
          yield* outbox.enqueue(second)
          yield* outbox.markDelivered(first.id, day(1))
          expect(yield* outbox.due(day(2), 10)).toEqual([queued(second)])
          expect(yield* undelivered(10)).toEqual([second])
          // A delivered message stays delivered: a late failure report or claim changes nothing.
          yield* outbox.markFailed(first.id, { at: day(2), error: "late", next_attempt_at: day(2) })
          expect(yield* outbox.claim(first.id, { now: day(3), until: day(4) })).toBe(false)
          expect(yield* outbox.due(day(3), 10)).toEqual([queued(second)])
          // Unknown ids are no error.
          yield* outbox.markDelivered("msg_unknown", day(1))
          yield* outbox.markFailed("msg_unknown", { at: day(1), error: "x", next_attempt_at: day(1) })
        }))

      test("markFailed counts the attempt, keeps the error and delays the message until next_attempt_at", () =>
        Effect.gen(function*() {
          const outbox = yield* Outbox
          const stored = yield* seedRequest
          const m = message(stored, "msg_1", day(0))
          yield* outbox.enqueue(m)
          const t1 = seconds(day(0), 1)
          yield* outbox.markFailed(m.id, { at: t1, error: "connection refused", next_attempt_at: seconds(t1, 1) })
          expect(yield* outbox.due(t1, 10)).toEqual([])
          const failedOnce = queued(m, {
            attempts: 1,
            next_attempt_at: seconds(t1, 1),
            last_attempt_at: t1,
            last_error: "connection refused"
          })
          expect(yield* outbox.due(seconds(t1, 1), 10)).toEqual([failedOnce])
          const t2 = seconds(t1, 1)
          yield* outbox.markFailed(m.id, { at: t2, error: "421 try later", next_attempt_at: seconds(t2, 2) })
          expect(yield* outbox.due(seconds(t2, 1), 10)).toEqual([])
          expect(yield* outbox.due(seconds(t2, 2), 10)).toEqual([
            queued(m, {
              attempts: 2,
              next_attempt_at: seconds(t2, 2),
              last_attempt_at: t2,
              last_error: "421 try later"
            })
          ])
          // Still pending, as written: failures never drop a message.
          expect(yield* undelivered(10)).toEqual([m])
          yield* outbox.markDelivered(m.id, seconds(t2, 2))
          expect(yield* outbox.due(day(9), 10)).toEqual([])
          expect(yield* undelivered(10)).toEqual([])
        }))

      test("claim takes a due message once, until the lease ends", () =>
        Effect.gen(function*() {
          const outbox = yield* Outbox
          const stored = yield* seedRequest
          const m = message(stored, "msg_1", day(0))
          yield* outbox.enqueue(m)
          expect(yield* outbox.claim(m.id, { now: seconds(day(0), -1), until: day(1) })).toBe(false)
          const lease = { now: day(0), until: seconds(day(0), 60) }
          const claims = yield* Effect.all(Array.from({ length: 5 }, () => outbox.claim(m.id, lease)), {
            concurrency: "unbounded"
          })
          expect(claims.filter((won) => won)).toHaveLength(1)
          expect(yield* outbox.due(seconds(day(0), 59), 10)).toEqual([])
          // The lease ends: due again, with no attempt counted.
          expect(yield* outbox.due(seconds(day(0), 60), 10)).toEqual([
            queued(m, { next_attempt_at: seconds(day(0), 60) })
          ])
          expect(yield* outbox.claim(m.id, { now: seconds(day(0), 60), until: seconds(day(0), 120) })).toBe(true)
          expect(yield* outbox.claim("msg_unknown", lease)).toBe(false)
        }))

      test("a message about another organisation's request is refused", () =>
        Effect.gen(function*() {
          const stored = yield* seedRequest
          expect(yield* dies((yield* Outbox).enqueue({ ...message(stored, "msg_1"), organization_id: orgB }))).toBe(
            true
          )
        }))

      /** A message as `listByRequest` shows it. */
      const email = (m: ReturnType<typeof message>, overrides: Partial<RequestEmail> = {}): RequestEmail => ({
        id: m.id,
        request_id: m.request_id,
        kind: m.kind,
        state: "pending",
        created_at: m.created_at,
        attempts: 0,
        last_attempt_at: null,
        last_error: null,
        delivered_at: null,
        failed_at: null,
        ...overrides
      })

      test("listByRequest shows each message of the request, oldest first, with its state, never its recipient", () =>
        Effect.gen(function*() {
          const outbox = yield* Outbox
          const stored = yield* seedRequest
          const other = request({ id: "req_2" })
          yield* (yield* RequestsStore).insert(other)
          const [delivered, failing, pending] = [
            message(stored, "msg_c", day(0)),
            message(stored, "msg_a", day(1)),
            message(stored, "msg_b", day(1))
          ]
          yield* Effect.forEach([delivered, failing, pending, message(other, "msg_other", day(0))], outbox.enqueue, {
            discard: true
          })
          yield* outbox.markDelivered(delivered.id, day(1))
          yield* outbox.markFailed(failing.id, { at: day(2), error: "421 busy", next_attempt_at: day(2) })
          yield* outbox.markUndeliverable(failing.id, { at: day(3), error: "501 too long" })
          const listed = yield* outbox.listByRequest(orgA, stored.id)
          expect(listed).toEqual([
            email(delivered, { state: "delivered", attempts: 1, last_attempt_at: day(1), delivered_at: day(1) }),
            email(failing, {
              state: "failed",
              attempts: 2,
              last_attempt_at: day(3),
              last_error: "501 too long",
              failed_at: day(3)
            }),
            email(pending)
          ])
          expect(JSON.stringify(listed)).not.toContain("alice@example.org")
          expect(yield* outbox.listByRequest(orgB, stored.id)).toEqual([])
        }))

      test("markUndeliverable gives a message up: out of due and unclaimable, and only a pending one", () =>
        Effect.gen(function*() {
          const outbox = yield* Outbox
          const stored = yield* seedRequest
          const [given, kept] = [message(stored, "msg_1", day(0)), message(stored, "msg_2", day(0))]
          yield* outbox.enqueue(given)
          yield* outbox.enqueue(kept)
          yield* outbox.markUndeliverable(given.id, { at: day(1), error: "550 no such user" })
          expect(yield* outbox.due(day(9), 10)).toEqual([queued(kept)])
          expect(yield* outbox.claim(given.id, { now: day(9), until: day(10) })).toBe(false)
          // A late failure report changes nothing on a failed message; a delivered one is never failed.
          yield* outbox.markFailed(given.id, { at: day(2), error: "late", next_attempt_at: day(2) })
          yield* outbox.markDelivered(kept.id, day(1))
          yield* outbox.markUndeliverable(kept.id, { at: day(2), error: "late" })
          expect((yield* outbox.listByRequest(orgA, stored.id)).map(({ state, attempts }) => [state, attempts]))
            .toEqual([
              ["failed", 1],
              ["delivered", 1]
            ])
          yield* outbox.markUndeliverable("msg_unknown", { at: day(1), error: "x" })
        }))

      test("retry queues a failed message again, due at once with no attempt counted, and nothing else", () =>
        Effect.gen(function*() {
          const outbox = yield* Outbox
          const stored = yield* seedRequest
          const [failed, pending] = [message(stored, "msg_1", day(0)), message(stored, "msg_2", day(0))]
          yield* outbox.enqueue(failed)
          yield* outbox.enqueue(pending)
          yield* outbox.markUndeliverable(failed.id, { at: day(1), error: "550 no such user" })
          // Only the request's organisation, only that request, only a failed message.
          expect(yield* outbox.retry(orgB, stored.id, failed.id, day(2))).toBe(false)
          expect(yield* outbox.retry(orgA, RequestId.make("req_other"), failed.id, day(2))).toBe(false)
          expect(yield* outbox.retry(orgA, stored.id, pending.id, day(2))).toBe(false)
          expect(yield* outbox.retry(orgA, stored.id, "msg_unknown", day(2))).toBe(false)
          expect(yield* outbox.due(day(2), 10)).toEqual([queued(pending)])
          expect(yield* outbox.retry(orgA, stored.id, failed.id, day(2))).toBe(true)
          expect(yield* outbox.retry(orgA, stored.id, failed.id, day(2))).toBe(false)
          expect(yield* outbox.due(day(2), 10)).toEqual([
            queued(failed, { next_attempt_at: day(2), last_attempt_at: day(1), last_error: "550 no such user" }),
            queued(pending)
          ])
          expect((yield* outbox.listByRequest(orgA, stored.id))[0]).toEqual(
            email(failed, { last_attempt_at: day(1), last_error: "550 no such user" })
          )
        }))
    })

    describe("ErasureStore", () => {
      /** Request req_1 of alice with a note, a link, a history entry and an outbox row; req_2 of alice too, unless `alone`. */
      const seedDependents = (alone: boolean) =>
        Effect.gen(function*() {
          const stored = yield* seedRequest
          const other = request({ id: "req_2" })
          yield* (yield* UsersStore).insertIfAbsent(user(orgA, "alice"))
          if (!alone) yield* (yield* RequestsStore).insert(other)
          yield* (yield* NotesStore).insert(note(stored, "not_1"))
          yield* (yield* LinksStore).insert(link(stored, "lnk_1"))
          yield* (yield* HistoryStore).append(historyEntry(stored, "hst_1"))
          yield* (yield* HistoryStore).append(extensionEntry(stored, "hst_3"))
          yield* (yield* Outbox).enqueue(message(stored, "msg_1"))
          if (!alone) {
            yield* (yield* NotesStore).insert(note(other, "not_2"))
            yield* (yield* HistoryStore).append(historyEntry(other, "hst_2"))
            yield* (yield* Outbox).enqueue(message(other, "msg_2"))
          }
          // As the service does it: the request is rewritten first, then what hangs off it.
          const erased = erasedRequest(stored, { at: day(1), by: { type: "api_key", id: "key_org_a" } })
          expect(yield* (yield* RequestsStore).update(erased, 1)).toBe(true)
          yield* (yield* ErasureStore).eraseDependents(orgA, stored.id, stored.organization_user_id, erasedChange)
          return { stored, other, erased }
        })

      test("removes the request's notes, links and outbox rows, redacts its history, and reads back as erased", () =>
        Effect.gen(function*() {
          const { stored, other, erased } = yield* seedDependents(false)
          expect(yield* (yield* NotesStore).listByRequest(orgA, stored.id)).toEqual([])
          expect(yield* (yield* LinksStore).findByTokenHash("hash_of_lnk_1")).toEqual(Option.none())
          expect((yield* undelivered(10)).map((row) => row.id)).toEqual(["msg_2"])
          const redacted = yield* (yield* HistoryStore).listByRequest(orgA, stored.id)
          expect(redacted.map((entry) => entry.changes)).toEqual([
            [{ field: "status", from: "unverified", to: "verified" }, { field: "metadata", from: null, to: null }],
            extensionEntry(stored, "hst_3").changes
          ])
          expect(redacted.map((entry) => "reason" in entry)).toEqual([false, false])
          expect(Option.map(yield* (yield* RequestsStore).findById(orgA, stored.id), (row) => row.value)).toEqual(
            Option.some(erased)
          )
          expect(Option.map(yield* (yield* RequestsStore).findJson(orgA, stored.id), (json) => JSON.parse(json)))
            .toEqual(
              Option.some(Schema.encodeSync(Request)(erased))
            )
          // The other request of the same user keeps everything, and so the user stays.
          expect((yield* (yield* NotesStore).listByRequest(orgA, other.id)).length).toBe(1)
          expect((yield* (yield* HistoryStore).listByRequest(orgA, other.id))[0]?.changes).toEqual(
            historyEntry(other, "hst_2").changes
          )
          expect(Option.isSome(yield* (yield* UsersStore).find(orgA, stored.organization_user_id))).toBe(true)
        }))

      test("deletes the user once no request of theirs remains", () =>
        Effect.gen(function*() {
          const { stored } = yield* seedDependents(true)
          expect(yield* (yield* UsersStore).find(orgA, stored.organization_user_id)).toEqual(Option.none())
        }))

      test("expired lists closed requests not erased, last changed before the instant, oldest first, across organisations", () =>
        Effect.gen(function*() {
          yield* seedOrganizations
          const requests = yield* RequestsStore
          const rows = [
            request({ id: "req_new", status: "fulfilled", updated_at: day(10) }),
            request({ id: "req_b", organization_id: orgB, status: "archived", updated_at: day(2) }),
            request({ id: "req_old", status: "refused", updated_at: day(1) }),
            request({ id: "req_open", status: "verified", updated_at: day(0) }),
            request({ id: "req_erased", status: "fulfilled", updated_at: day(0) })
          ]
          yield* Effect.forEach(rows, requests.insert, { discard: true })
          const erased = erasedRequest(rows[4]!, { at: day(3), by: { type: "system", id: "retention" } })
          expect(yield* requests.update(erased, 1)).toBe(true)
          const store = yield* ErasureStore
          const closed = ["fulfilled", "refused", "archived"] as const
          expect(yield* store.expired(closed, day(5), 10)).toEqual([
            { organization_id: orgA, id: "req_old", status: "refused", updated_at: day(1) },
            { organization_id: orgB, id: "req_b", status: "archived", updated_at: day(2) }
          ])
          expect((yield* store.expired(closed, day(5), 1)).map((row) => row.id)).toEqual(["req_old"])
          expect(yield* store.expired(closed, day(1), 10)).toEqual([])
          yield* store.scrub
        }))
    })

    webhooksConformance(test)

    operatorsConformance(test)

    unverifiedConformance(test)

    describe("Transactor", () => {
      /** A request with a user, history, a link, a note and a message: every kind of write. */
      const writeEverything = Effect.gen(function*() {
        const stored = request({ id: "req_tx" })
        yield* (yield* UsersStore).insertIfAbsent(user(orgA, "alice"))
        yield* (yield* RequestsStore).insert(stored)
        yield* (yield* HistoryStore).append(historyEntry(stored, "hst_tx"))
        yield* (yield* LinksStore).insert(link(stored, "lnk_tx"))
        yield* (yield* NotesStore).insert(note(stored, "nte_tx"))
        yield* (yield* Outbox).enqueue(message(stored, "msg_tx"))
        return stored
      })

      const nothingWritten = Effect.gen(function*() {
        const stored = request({ id: "req_tx" })
        expect(yield* (yield* RequestsStore).findById(orgA, stored.id)).toEqual(Option.none())
        expect(yield* (yield* UsersStore).find(orgA, user(orgA, "alice").organization_user_id)).toEqual(Option.none())
        expect(yield* (yield* LinksStore).findByTokenHash(link(stored, "lnk_tx").token_hash)).toEqual(Option.none())
        expect(yield* undelivered(10)).toEqual([])
        // The request is gone, so its history and notes are checked by writing the request again.
        yield* (yield* RequestsStore).insert(stored)
        expect(yield* (yield* HistoryStore).listByRequest(orgA, stored.id)).toEqual([])
        expect(yield* (yield* HistoryStore).head(orgA)).toEqual(Option.none())
        expect(yield* (yield* NotesStore).listByRequest(orgA, stored.id)).toEqual([])
      })

      test("a transaction that succeeds keeps every write", () =>
        Effect.gen(function*() {
          yield* seedOrganizations
          const stored = yield* (yield* Transactor).withTransaction(writeEverything)
          expect(Option.map(yield* (yield* RequestsStore).findById(orgA, stored.id), (s) => s.value)).toEqual(
            Option.some(stored)
          )
          expect((yield* (yield* HistoryStore).listByRequest(orgA, stored.id)).map(entryOf)).toEqual([
            historyEntry(stored, "hst_tx")
          ])
          expect(yield* (yield* NotesStore).listByRequest(orgA, stored.id)).toEqual([note(stored, "nte_tx")])
          expect(yield* (yield* LinksStore).findByTokenHash(link(stored, "lnk_tx").token_hash)).toEqual(
            Option.some(link(stored, "lnk_tx"))
          )
          expect(yield* undelivered(10)).toEqual([message(stored, "msg_tx")])
        }))

      test("a transaction that fails after its writes leaves nothing written, and fails with its error", () =>
        Effect.gen(function*() {
          yield* seedOrganizations
          const exit = yield* Effect.exit(
            (yield* Transactor).withTransaction(Effect.zipRight(writeEverything, Effect.fail("refused" as const)))
          )
          expect(exit).toEqual(Exit.fail("refused"))
          yield* nothingWritten
        }))

      test("a transaction that dies after its writes leaves nothing written", () =>
        Effect.gen(function*() {
          yield* seedOrganizations
          const exit = yield* Effect.exit(
            (yield* Transactor).withTransaction(Effect.zipRight(writeEverything, Effect.dieMessage("boom")))
          )
          expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
          yield* nothingWritten
        }))

      test("a failed compare-and-set inside a transaction rolls back the writes before it", () =>
        Effect.gen(function*() {
          const stored = yield* seedRequest
          const requests = yield* RequestsStore
          const { version } = Option.getOrThrow(yield* requests.findById(orgA, stored.id))
          const attempt = Effect.gen(function*() {
            yield* (yield* HistoryStore).append(historyEntry(stored, "hst_1"))
            if (!(yield* requests.update({ ...stored, status: "verified" }, version + 1))) {
              yield* Effect.fail("stale" as const)
            }
          })
          expect(yield* Effect.exit((yield* Transactor).withTransaction(attempt))).toEqual(Exit.fail("stale"))
          expect(yield* (yield* HistoryStore).listByRequest(orgA, stored.id)).toEqual([])
        }))

      test("a nested transaction that fails rolls back only its own writes", () =>
        Effect.gen(function*() {
          const transactor = yield* Transactor
          const notes = yield* NotesStore
          const stored = yield* seedRequest
          yield* transactor.withTransaction(
            Effect.gen(function*() {
              yield* notes.insert(note(stored, "nte_outer"))
              const inner = yield* Effect.exit(
                transactor.withTransaction(
                  Effect.zipRight(notes.insert(note(stored, "nte_inner")), Effect.fail("inner"))
                )
              )
              expect(inner).toEqual(Exit.fail("inner"))
              yield* notes.insert(note(stored, "nte_after", day(1)))
            })
          )
          expect((yield* notes.listByRequest(orgA, stored.id)).map((n) => n.id)).toEqual(["nte_outer", "nte_after"])
        }))

      test("reads inside a transaction see its own writes", () =>
        Effect.gen(function*() {
          yield* seedOrganizations
          yield* (yield* Transactor).withTransaction(
            Effect.gen(function*() {
              const stored = yield* writeEverything
              expect(Option.isSome(yield* (yield* RequestsStore).findById(orgA, stored.id))).toBe(true)
              expect(
                (yield* (yield* RequestsStore).list({
                  organization_id: orgA,
                  where: everything,
                  sort: byCreation,
                  limit: 10,
                  skip: 0
                }))
                  .total
              ).toBe(1)
            })
          )
        }))

      test("a write made outside a transaction while it runs survives its commit", () =>
        Effect.gen(function*() {
          const notes = yield* NotesStore
          const stored = yield* seedRequest
          const written = yield* Deferred.make<void>()
          const release = yield* Deferred.make<void>()
          const transaction = yield* Effect.fork(
            (yield* Transactor).withTransaction(
              Effect.gen(function*() {
                yield* notes.insert(note(stored, "nte_inside"))
                yield* Deferred.succeed(written, undefined)
                yield* Deferred.await(release)
              })
            )
          )
          yield* Deferred.await(written)
          const outside = yield* Effect.fork(notes.insert(note(stored, "nte_outside", day(1))))
          yield* Effect.yieldNow()
          yield* Deferred.succeed(release, undefined)
          yield* Fiber.join(transaction)
          yield* Fiber.join(outside)
          expect((yield* notes.listByRequest(orgA, stored.id)).map((n) => n.id)).toEqual(["nte_inside", "nte_outside"])
        }))

      test("a concurrent reader never sees the writes of a transaction that rolls back", () =>
        Effect.gen(function*() {
          const requests = yield* RequestsStore
          yield* seedOrganizations
          const written = yield* Deferred.make<void>()
          const release = yield* Deferred.make<void>()
          const transaction = yield* Effect.fork(
            (yield* Transactor).withTransaction(
              Effect.gen(function*() {
                yield* requests.insert(request({ id: "req_tx" }))
                yield* Deferred.succeed(written, undefined)
                yield* Deferred.await(release)
                return yield* Effect.fail("rolled back")
              })
            )
          )
          yield* Deferred.await(written)
          const reader = yield* Effect.fork(requests.findById(orgA, request({ id: "req_tx" }).id))
          yield* Effect.yieldNow()
          yield* Deferred.succeed(release, undefined)
          expect(yield* Fiber.await(transaction)).toEqual(Exit.fail("rolled back"))
          expect(yield* Fiber.join(reader)).toEqual(Option.none())
        }))
    })
  })
}
