import { type Operator, OperatorId } from "@dsar/domain"
import {
  OperatorsStore,
  OrganizationsStore,
  type StoredConsoleSession,
  type StoredSignInLink,
  type StorePorts
} from "@dsar/http"
import { describe, expect } from "@effect/vitest"
import { Cause, Effect, Exit, Option } from "effect"
import { apiKey, day, orgA, organization, orgB, T0 } from "./Fixtures.js"

type Test = (title: string, body: () => Effect.Effect<void, unknown, StorePorts>) => void

const operator = (id: string, organization_id = orgA, overrides: Partial<Operator> = {}): Operator => ({
  id: OperatorId.make(id),
  organization_id,
  email: `${id}@example.org`,
  role: "agent",
  created_at: T0,
  updated_at: T0,
  ...overrides
})

const token = (id: string, of: Operator, expires_at = day(1)) => ({
  id,
  organization_id: of.organization_id,
  operator_id: of.id,
  token_hash: `digest_of_${id}`,
  created_at: T0,
  expires_at
})
const signInLink = (id: string, of: Operator, expires_at?: Date): StoredSignInLink => ({
  ...token(id, of, expires_at),
  used_at: null
})
const session = (id: string, of: Operator, expires_at?: Date): StoredConsoleSession => ({
  ...token(id, of, expires_at),
  revoked_at: null
})

const dies = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.exit(effect), (exit) => Exit.isFailure(exit) && Cause.isDie(exit.cause))

const ann = operator("op_ann")
const ben = operator("op_ben", orgA, { role: "viewer" })
const annOfB = operator("op_ann_b", orgB, { email: ann.email })

/** Organisations A and B, Ann and Ben in A, and an operator of B with Ann's email. */
const seed = Effect.gen(function*() {
  const organizations = yield* OrganizationsStore
  yield* organizations.insert(organization(orgA), apiKey(orgA))
  yield* organizations.insert(organization(orgB), apiKey(orgB))
  const store = yield* OperatorsStore
  for (const each of [ann, ben, annOfB]) yield* store.insert(each)
  return store
})

const ids = (operators: ReadonlyArray<Operator>) => operators.map((each) => each.id)
const live = (store: OperatorsStore["Type"], ...sessions: ReadonlyArray<StoredConsoleSession>) =>
  Effect.forEach(sessions, (each) => Effect.map(store.findSession(each.token_hash, T0), Option.isSome))

/** The operators' store (issue 19), the same on every adapter; run inside `storesConformance`. */
export const operatorsConformance = (test: Test) =>
  describe("OperatorsStore", () => {
    test("operators read back as written, oldest first, to their own organisation only", () =>
      Effect.gen(function*() {
        const store = yield* seed
        expect(yield* store.find(orgA, ann.id)).toEqual(Option.some(ann))
        expect(yield* store.list(orgA)).toEqual([ann, ben])
        expect(yield* store.list(orgB)).toEqual([annOfB])
        expect(yield* store.find(orgB, ann.id)).toEqual(Option.none())
        expect(yield* store.find(orgA, annOfB.id)).toEqual(Option.none())
      }))

    test("an operator is found by email in whatever case it is typed, in its organisation only", () =>
      Effect.gen(function*() {
        const store = yield* seed
        expect(yield* store.findByEmail(orgA, "OP_Ann@Example.ORG")).toEqual(Option.some(ann))
        expect(yield* store.findByEmail(orgB, "op_ben@example.org")).toEqual(Option.none())
        expect(ids(yield* store.findEverywhereByEmail("Op_Ann@example.org"))).toEqual([ann.id, annOfB.id])
        expect(yield* store.findEverywhereByEmail("nobody@example.org")).toEqual([])
      }))

    test("an organisation has one operator per email, and one person may be an operator of several", () =>
      Effect.gen(function*() {
        const store = yield* seed
        expect(yield* dies(store.insert(operator("op_again", orgA, { email: ann.email })))).toBe(true)
        expect(ids(yield* store.list(orgA))).toEqual([ann.id, ben.id])
        expect(ids(yield* store.findEverywhereByEmail(ann.email))).toEqual([ann.id, annOfB.id])
      }))

    test("a role changes for the operator's organisation only, with the time it changed", () =>
      Effect.gen(function*() {
        const store = yield* seed
        expect(yield* store.setRole(orgB, ben.id, "admin", day(1))).toBe("not-found")
        expect(yield* store.setRole(orgA, OperatorId.make("op_none"), "admin", day(1))).toBe("not-found")
        expect(yield* store.find(orgA, ben.id)).toEqual(Option.some(ben))
        expect(yield* store.setRole(orgA, ben.id, "admin", day(1))).toBe("changed")
        expect(yield* store.find(orgA, ben.id)).toEqual(Option.some({ ...ben, role: "admin", updated_at: day(1) }))
      }))

    test("an organisation's last admin is neither demoted nor removed; another admin is, and a viewer always", () =>
      Effect.gen(function*() {
        const store = yield* seed
        yield* store.setRole(orgA, ann.id, "admin", day(1))
        expect(yield* store.setRole(orgA, ann.id, "agent", day(2))).toBe("last-admin")
        expect(yield* store.remove(orgA, ann.id)).toBe("last-admin")
        expect(yield* store.find(orgA, ann.id)).toEqual(Option.some({ ...ann, role: "admin", updated_at: day(1) }))
        // Organisation B's admin is not organisation A's.
        yield* store.setRole(orgB, annOfB.id, "admin", day(1))
        expect(yield* store.remove(orgA, ann.id)).toBe("last-admin")
        expect(yield* store.remove(orgA, ben.id)).toBe("changed")
        const cai = operator("op_cai", orgA, { role: "admin" })
        yield* store.insert(cai)
        expect(yield* store.setRole(orgA, ann.id, "viewer", day(3))).toBe("changed")
        expect(yield* store.remove(orgA, cai.id)).toBe("last-admin")
      }))

    test("two admins demoting or removing each other at once leave one of them admin", () =>
      Effect.gen(function*() {
        const store = yield* seed
        yield* store.setRole(orgA, ann.id, "admin", day(1))
        yield* store.setRole(orgA, ben.id, "admin", day(1))
        const outcomes = yield* Effect.all([
          store.setRole(orgA, ann.id, "viewer", day(2)),
          store.remove(orgA, ben.id)
        ], { concurrency: "unbounded" })
        expect([...outcomes].sort()).toEqual(["changed", "last-admin"])
        const admins = (yield* store.list(orgA)).filter((each) => each.role === "admin")
        expect(admins).toHaveLength(1)
      }))

    test("a sign-in link is used once: the first caller gets it marked used, every later one nothing", () =>
      Effect.gen(function*() {
        const store = yield* seed
        const link = signInLink("sil_1", ann)
        yield* store.insertSignInLink(link)
        expect(yield* store.consumeSignInLink(link.token_hash, T0)).toEqual(Option.some({ ...link, used_at: T0 }))
        expect(yield* store.consumeSignInLink(link.token_hash, T0)).toEqual(Option.none())
        expect(yield* store.consumeSignInLink("digest_of_nothing", T0)).toEqual(Option.none())
      }))

    test("of many callers using one sign-in link at once, exactly one signs in (compare-and-set)", () =>
      Effect.gen(function*() {
        const store = yield* seed
        const link = signInLink("sil_1", ann)
        yield* store.insertSignInLink(link)
        const results = yield* Effect.all(
          Array.from({ length: 12 }, () => store.consumeSignInLink(link.token_hash, T0)),
          { concurrency: "unbounded" }
        )
        expect(results.filter(Option.isSome)).toHaveLength(1)
      }))

    test("an expired sign-in link is refused from the instant it expires, and stays usable until then", () =>
      Effect.gen(function*() {
        const store = yield* seed
        const expiring = signInLink("sil_1", ann, day(1))
        const later = signInLink("sil_2", ann, day(1))
        yield* store.insertSignInLink(expiring)
        yield* store.insertSignInLink(later)
        expect(yield* store.consumeSignInLink(expiring.token_hash, day(1))).toEqual(Option.none())
        const justBefore = new Date(day(1).getTime() - 1)
        expect(Option.isSome(yield* store.consumeSignInLink(later.token_hash, justBefore))).toBe(true)
      }))

    test("a link or session for an operator of another organisation, or with a digest in use, is not stored", () =>
      Effect.gen(function*() {
        const store = yield* seed
        const misfiled = { ...token("x_1", ann), organization_id: orgB }
        expect(yield* dies(store.insertSignInLink({ ...misfiled, used_at: null }))).toBe(true)
        expect(yield* dies(store.insertSession({ ...misfiled, revoked_at: null }))).toBe(true)
        yield* store.insertSession(session("ses_1", ann))
        expect(yield* dies(store.insertSession({ ...session("ses_2", ben), token_hash: "digest_of_ses_1" }))).toBe(true)
      }))

    test("a session is found by its token's digest until it expires", () =>
      Effect.gen(function*() {
        const store = yield* seed
        const ofAnn = session("ses_1", ann, day(1))
        yield* store.insertSession(ofAnn)
        yield* store.insertSession(session("ses_2", ben, day(1)))
        expect(yield* store.findSession(ofAnn.token_hash, T0)).toEqual(Option.some(ofAnn))
        expect(yield* store.findSession(ofAnn.token_hash, day(1))).toEqual(Option.none())
        expect(yield* store.findSession("digest_of_nothing", T0)).toEqual(Option.none())
      }))

    test("revoking one session ends that one only, once, and never another organisation's", () =>
      Effect.gen(function*() {
        const store = yield* seed
        const first = session("ses_1", ann)
        const second = session("ses_2", ann)
        yield* store.insertSession(first)
        yield* store.insertSession(second)
        expect(yield* store.revokeSessions(orgB, { session_id: first.id }, T0)).toBe(0)
        expect(yield* live(store, first, second)).toEqual([true, true])
        expect(yield* store.revokeSessions(orgA, { session_id: first.id }, T0)).toBe(1)
        expect(yield* store.revokeSessions(orgA, { session_id: first.id }, T0)).toBe(0)
        expect(yield* live(store, first, second)).toEqual([false, true])
      }))

    test("revoking an operator's sessions ends all of theirs and nobody else's", () =>
      Effect.gen(function*() {
        const store = yield* seed
        const ofAnn = [session("ses_1", ann), session("ses_2", ann)]
        const ofBen = session("ses_3", ben)
        const ofAnnOfB = session("ses_4", annOfB)
        for (const each of [...ofAnn, ofBen, ofAnnOfB]) yield* store.insertSession(each)
        expect(yield* store.revokeSessions(orgB, { operator_id: ann.id }, T0)).toBe(0)
        expect(yield* store.revokeSessions(orgA, { operator_id: ann.id }, T0)).toBe(2)
        expect(yield* live(store, ...ofAnn, ofBen, ofAnnOfB)).toEqual([false, false, true, true])
      }))

    test("removing an operator ends its sessions and links, in its own organisation only", () =>
      Effect.gen(function*() {
        const store = yield* seed
        const link = signInLink("sil_1", ann)
        const ofAnn = session("ses_1", ann)
        const ofBen = session("ses_2", ben)
        yield* store.insertSignInLink(link)
        yield* store.insertSession(ofAnn)
        yield* store.insertSession(ofBen)
        expect(yield* store.remove(orgB, ann.id)).toBe("not-found")
        expect(yield* live(store, ofAnn)).toEqual([true])
        expect(yield* store.remove(orgA, ann.id)).toBe("changed")
        expect(yield* store.remove(orgA, ann.id)).toBe("not-found")
        expect(yield* store.find(orgA, ann.id)).toEqual(Option.none())
        expect(yield* store.findByEmail(orgA, ann.email)).toEqual(Option.none())
        expect(yield* live(store, ofAnn, ofBen)).toEqual([false, true])
        expect(yield* store.consumeSignInLink(link.token_hash, T0)).toEqual(Option.none())
        expect(ids(yield* store.findEverywhereByEmail(ann.email))).toEqual([annOfB.id])
      }))
  })
