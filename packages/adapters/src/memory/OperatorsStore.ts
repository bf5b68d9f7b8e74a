import { Operator, Timestamp } from "@dsar/domain"
import { type OperatorChange, OperatorsStore, StoredConsoleSession, StoredSignInLink } from "@dsar/http"
import { Effect, Either, HashMap, Layer, Option } from "effect"
import { references, uniqueKey, uniqueValue } from "./Constraints.js"
import { MemoryDatabase } from "./MemoryDatabase.js"
import type { Sequenced, State } from "./State.js"
import { stored } from "./Stored.js"

const storedOperator = stored(Operator)
const storedLink = stored(StoredSignInLink)
const storedSession = stored(StoredConsoleSession)
const storedInstant = stored(Timestamp)

const bySeq = (a: Sequenced<Operator>, b: Sequenced<Operator>) => a.seq - b.seq

export const layer = Layer.effect(
  OperatorsStore,
  Effect.map(MemoryDatabase, (db) => {
    const operatorOf = (state: State, organization_id: string, id: string) =>
      Option.filter(
        HashMap.get(state.operators, id as Operator["id"]),
        (row) => row.value.organization_id === organization_id
      )

    const isLastAdmin = (
      state: State,
      operator: { readonly id: string; readonly organization_id: string; readonly role: string }
    ) =>
      operator.role === "admin" &&
      !HashMap.some(
        state.operators,
        (other) =>
          other.value.organization_id === operator.organization_id && other.value.role === "admin" &&
          other.value.id !== operator.id
      )

    return OperatorsStore.of({
      insert: (operator) =>
        Effect.flatMap(storedOperator(operator), (row) =>
          db.write((state) =>
            Either.gen(function*() {
              yield* uniqueKey("operators.id", state.operators, row.id)
              yield* uniqueValue(
                "operators.organization_id, operators.email",
                state.operators,
                (other) => other.value.organization_id === row.organization_id && other.value.email === row.email
              )
              yield* references("operators.organization_id", HashMap.has(state.organizations, row.organization_id))
              const seq = state.seq + 1
              return [undefined, {
                ...state,
                seq,
                operators: HashMap.set(state.operators, row.id, { seq, value: row })
              }] as const
            })
          )),

      find: (organization_id, id) =>
        db.read((state) => Option.map(operatorOf(state, organization_id, id), (row) => row.value)),

      findByEmail: (organization_id, email) =>
        db.read((state) =>
          Option.map(
            HashMap.findFirst(
              state.operators,
              (row) => row.value.organization_id === organization_id && row.value.email === email.toLowerCase()
            ),
            ([, row]) => row.value
          )
        ),

      findEverywhereByEmail: (email) =>
        db.read((state) =>
          Array.from(HashMap.values(state.operators)).filter((row) => row.value.email === email.toLowerCase())
            .sort(bySeq).map((row) => row.value)
        ),

      list: (organization_id) =>
        db.read((state) =>
          Array.from(HashMap.values(state.operators)).filter((row) => row.value.organization_id === organization_id)
            .sort(bySeq).map((row) => row.value)
        ),

      setRole: (organization_id, id, role, at) =>
        Effect.flatMap(storedInstant(at), (instant) =>
          db.write<OperatorChange>((state) => {
            const found = operatorOf(state, organization_id, id)
            if (Option.isNone(found)) return Either.right(["not-found", state])
            if (role !== "admin" && isLastAdmin(state, found.value.value)) return Either.right(["last-admin", state])
            const next = { ...found.value, value: { ...found.value.value, role, updated_at: instant } }
            return Either.right(["changed", { ...state, operators: HashMap.set(state.operators, id, next) }])
          })),

      remove: (organization_id, id) =>
        db.write<OperatorChange>((state) => {
          const found = operatorOf(state, organization_id, id)
          if (Option.isNone(found)) return Either.right(["not-found", state])
          if (isLastAdmin(state, found.value.value)) return Either.right(["last-admin", state])
          return Either.right(["changed", {
            ...state,
            operators: HashMap.remove(state.operators, id),
            signInLinks: HashMap.filter(state.signInLinks, (link) => link.operator_id !== id),
            consoleSessions: HashMap.filter(state.consoleSessions, (session) => session.operator_id !== id)
          }])
        }),

      insertSignInLink: (link) =>
        Effect.flatMap(storedLink(link), (row) =>
          db.write((state) =>
            Either.gen(function*() {
              yield* uniqueKey("operator_sign_in_links.id", state.signInLinks, row.id)
              yield* uniqueValue(
                "operator_sign_in_links.token_hash",
                state.signInLinks,
                (other) => other.token_hash === row.token_hash
              )
              yield* references(
                "operator_sign_in_links.operator_id",
                Option.isSome(operatorOf(state, row.organization_id, row.operator_id))
              )
              return [undefined, { ...state, signInLinks: HashMap.set(state.signInLinks, row.id, row) }] as const
            })
          )),

      consumeSignInLink: (token_hash, at) =>
        Effect.flatMap(storedInstant(at), (instant) =>
          db.write<Option.Option<StoredSignInLink>>((state) => {
            const found = HashMap.findFirst(state.signInLinks, (link) =>
              link.token_hash === token_hash && link.used_at === null && link.expires_at.getTime() > at.getTime())
            if (Option.isNone(found)) {
              return Either.right([Option.none(), state])
            }
            const used = { ...found.value[1], used_at: instant }
            return Either.right([Option.some(used), {
              ...state,
              signInLinks: HashMap.set(state.signInLinks, used.id, used)
            }])
          })),

      insertSession: (session) =>
        Effect.flatMap(storedSession(session), (row) =>
          db.write((state) =>
            Either.gen(function*() {
              yield* uniqueKey("console_sessions.id", state.consoleSessions, row.id)
              yield* uniqueValue(
                "console_sessions.token_hash",
                state.consoleSessions,
                (other) => other.token_hash === row.token_hash
              )
              yield* references(
                "console_sessions.operator_id",
                Option.isSome(operatorOf(state, row.organization_id, row.operator_id))
              )
              return [undefined, {
                ...state,
                consoleSessions: HashMap.set(state.consoleSessions, row.id, row)
              }] as const
            })
          )),

      findSession: (token_hash, at) =>
        db.read((state) =>
          Option.map(
            HashMap.findFirst(state.consoleSessions, (session) =>
              session.token_hash === token_hash && session.revoked_at === null
              && session.expires_at.getTime() > at.getTime()),
            ([, session]) => session
          )
        ),

      revokeSessions: (organization_id, which, at) =>
        Effect.flatMap(storedInstant(at), (instant) =>
          db.write<number>((state) => {
            const revoked = Array.from(HashMap.values(state.consoleSessions)).filter((session) =>
              session.organization_id === organization_id && session.revoked_at === null
              && ("session_id" in which ? session.id === which.session_id : session.operator_id === which.operator_id)
            )
            const consoleSessions = revoked.reduce(
              (sessions, session) => HashMap.set(sessions, session.id, { ...session, revoked_at: instant }),
              state.consoleSessions
            )
            return Either.right([revoked.length, { ...state, consoleSessions }])
          }))
    })
  })
)
