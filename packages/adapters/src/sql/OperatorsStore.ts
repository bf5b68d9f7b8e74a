import { Operator, OperatorId, OperatorRole, OrganizationId, Timestamp } from "@dsar/domain"
import { OperatorsStore, StoredConsoleSession, StoredSignInLink } from "@dsar/http"
import { SqlClient, SqlSchema } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect, Layer, Option, Schema } from "effect"
import type { ParseError } from "effect/ParseResult"
import { writeTransaction } from "./Transactor.js"

const Key = Schema.Struct({ organization_id: OrganizationId, id: OperatorId })
const ByDigest = Schema.Struct({ token_hash: Schema.String, at: Timestamp })

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const insert = SqlSchema.void({
    Request: Operator,
    execute: (row) => sql`INSERT INTO operators ${sql.insert(row)}`
  })
  const find = SqlSchema.findOne({
    Request: Key,
    Result: Operator,
    execute: ({ id, organization_id }) =>
      sql`SELECT id, organization_id, email, role, created_at, updated_at FROM operators
          WHERE organization_id = ${organization_id} AND id = ${id}`
  })
  const findByEmail = SqlSchema.findOne({
    Request: Schema.Struct({ organization_id: OrganizationId, email: Schema.String }),
    Result: Operator,
    execute: ({ email, organization_id }) =>
      sql`SELECT id, organization_id, email, role, created_at, updated_at FROM operators
          WHERE organization_id = ${organization_id} AND email = ${email.toLowerCase()}`
  })
  const findEverywhereByEmail = SqlSchema.findAll({
    Request: Schema.String,
    Result: Operator,
    execute: (email) =>
      sql`SELECT id, organization_id, email, role, created_at, updated_at FROM operators
          WHERE email = ${email.toLowerCase()} ORDER BY seq`
  })
  const list = SqlSchema.findAll({
    Request: OrganizationId,
    Result: Operator,
    execute: (organization_id) =>
      sql`SELECT id, organization_id, email, role, created_at, updated_at FROM operators
          WHERE organization_id = ${organization_id} ORDER BY seq`
  })
  const setRole = SqlSchema.void({
    Request: Schema.Struct({ ...Key.fields, role: OperatorRole, at: Timestamp }),
    execute: ({ at, id, organization_id, role }) =>
      sql`UPDATE operators SET role = ${role}, updated_at = ${at}
          WHERE organization_id = ${organization_id} AND id = ${id}`
  })
  const remove = SqlSchema.void({
    Request: Key,
    execute: ({ id, organization_id }) =>
      Effect.all([
        sql`DELETE FROM operator_sign_in_links WHERE organization_id = ${organization_id} AND operator_id = ${id}`,
        sql`DELETE FROM console_sessions WHERE organization_id = ${organization_id} AND operator_id = ${id}`,
        sql`DELETE FROM operators WHERE organization_id = ${organization_id} AND id = ${id}`
      ])
  })
  // On PostgreSQL the admins' rows stay locked until the change commits: a second change at once
  // waits, then reads the admins as the first left them. SQLite's write lock, taken first, does
  // the same for every writer of the file.
  const forUpdate = sql.literal(sql.onDialectOrElse({ pg: () => "FOR UPDATE", orElse: () => "" }))
  const admins = SqlSchema.findAll({
    Request: OrganizationId,
    Result: Schema.Struct({ id: OperatorId }),
    execute: (organization_id) =>
      sql`SELECT id FROM operators WHERE organization_id = ${organization_id} AND role = 'admin' ${forUpdate}`
  })
  /** `change`, unless the operator is missing, or it takes the role of the organisation's last admin. */
  const guarded = (
    key: typeof Key.Type,
    takesAdminRole: boolean,
    change: Effect.Effect<void, SqlError | ParseError>
  ) =>
    writeTransaction(sql)(Effect.gen(function*() {
      const others = (yield* admins(key.organization_id)).filter((admin) => admin.id !== key.id)
      const operator = yield* find(key)
      if (Option.isNone(operator)) return "not-found" as const
      if (takesAdminRole && operator.value.role === "admin" && others.length === 0) return "last-admin" as const
      yield* change
      return "changed" as const
    }))

  const insertSignInLink = SqlSchema.void({
    Request: StoredSignInLink,
    execute: (row) => sql`INSERT INTO operator_sign_in_links ${sql.insert(row)}`
  })
  const consumeSignInLink = SqlSchema.findOne({
    Request: ByDigest,
    Result: StoredSignInLink,
    execute: ({ at, token_hash }) =>
      sql`UPDATE operator_sign_in_links SET used_at = ${at}
          WHERE token_hash = ${token_hash} AND used_at IS NULL AND expires_at > ${at} RETURNING *`
  })
  const insertSession = SqlSchema.void({
    Request: StoredConsoleSession,
    execute: (row) => sql`INSERT INTO console_sessions ${sql.insert(row)}`
  })
  const findSession = SqlSchema.findOne({
    Request: ByDigest,
    Result: StoredConsoleSession,
    execute: ({ at, token_hash }) =>
      sql`SELECT * FROM console_sessions
          WHERE token_hash = ${token_hash} AND revoked_at IS NULL AND expires_at > ${at}`
  })
  const revoke = SqlSchema.findAll({
    Request: Schema.Struct({
      organization_id: OrganizationId,
      session_id: Schema.NullOr(Schema.String),
      operator_id: Schema.NullOr(OperatorId),
      at: Timestamp
    }),
    Result: Schema.Struct({ id: Schema.String }),
    execute: ({ at, operator_id, organization_id, session_id }) =>
      sql`UPDATE console_sessions SET revoked_at = ${at}
          WHERE organization_id = ${organization_id} AND revoked_at IS NULL AND ${
        session_id === null ? sql`operator_id = ${operator_id}` : sql`id = ${session_id}`
      } RETURNING id`
  })

  return OperatorsStore.of({
    insert: (operator) => Effect.orDie(insert(operator)),
    find: (organization_id, id) => Effect.orDie(find({ organization_id, id })),
    findByEmail: (organization_id, email) => Effect.orDie(findByEmail({ organization_id, email })),
    findEverywhereByEmail: (email) => Effect.orDie(findEverywhereByEmail(email)),
    list: (organization_id) => Effect.orDie(list(organization_id)),
    setRole: (organization_id, id, role, at) =>
      Effect.orDie(guarded({ organization_id, id }, role !== "admin", setRole({ organization_id, id, role, at }))),
    remove: (organization_id, id) =>
      Effect.orDie(guarded({ organization_id, id }, true, remove({ organization_id, id }))),
    insertSignInLink: (link) => Effect.orDie(insertSignInLink(link)),
    consumeSignInLink: (token_hash, at) => Effect.orDie(consumeSignInLink({ token_hash, at })),
    insertSession: (session) => Effect.orDie(insertSession(session)),
    findSession: (token_hash, at) => Effect.orDie(findSession({ token_hash, at })),
    revokeSessions: (organization_id, which, at) =>
      Effect.orDie(Effect.map(
        revoke({
          organization_id,
          at,
          session_id: "session_id" in which ? which.session_id : null,
          operator_id: "operator_id" in which ? which.operator_id : null
        }),
        (rows) => rows.length
      ))
  })
})

export const layer = Layer.effect(OperatorsStore, make)
