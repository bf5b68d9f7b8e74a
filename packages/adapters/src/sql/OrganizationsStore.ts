import { OrganizationId, OrganizationSettings, Timestamp } from "@dsar/domain"
import { ApiKey, OrganizationsStore, SlugTaken } from "@dsar/http"
import { SqlClient, type SqlError, SqlSchema } from "@effect/sql"
import { Clock, Effect, Layer, Schema } from "effect"
import { OrganizationRow } from "./rows/OrganizationRow.js"

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const insertOrganization = SqlSchema.void({
    Request: OrganizationRow,
    execute: (row) => sql`INSERT INTO organizations ${sql.insert(row)}`
  })

  const insertKey = SqlSchema.void({
    Request: ApiKey,
    execute: (row) => sql`INSERT INTO api_keys ${sql.insert(row)}`
  })

  const findById = SqlSchema.findOne({
    Request: OrganizationId,
    Result: OrganizationRow,
    execute: (id) => sql`SELECT * FROM organizations WHERE id = ${id}`
  })

  // The expression of the unique index `organizations_slug` (migration 0021), so the lookup reads it.
  const findBySlug = SqlSchema.findOne({
    Request: Schema.String,
    Result: OrganizationRow,
    execute: (slug) =>
      sql.onDialectOrElse({
        pg: () => sql`SELECT * FROM organizations WHERE (settings->>'slug') = ${slug}`,
        orElse: () => sql`SELECT * FROM organizations WHERE json_extract(settings, '$.slug') = ${slug}`
      })
  })

  const findKey = SqlSchema.findOne({
    Request: Schema.String,
    Result: ApiKey,
    execute: (key) => sql`SELECT * FROM api_keys WHERE key = ${key}`
  })

  const listKeys = SqlSchema.findAll({
    Request: OrganizationId,
    Result: ApiKey,
    execute: (id) => sql`SELECT * FROM api_keys WHERE organization_id = ${id} ORDER BY created_at, key`
  })

  const revokeKey = SqlSchema.findAll({
    Request: Schema.Struct({ organization_id: OrganizationId, key: Schema.String, at: Timestamp }),
    Result: Schema.Struct({ key: Schema.String }),
    execute: ({ at, key, organization_id }) =>
      sql`UPDATE api_keys SET revoked_at = ${at}
          WHERE key = ${key} AND organization_id = ${organization_id} AND revoked_at IS NULL
          RETURNING key`
  })

  const Ended = Schema.Struct({ token_digest: Schema.String, expires_at: Timestamp })

  // Ended sessions past their token's expiry are dropped as another ends: the table holds only
  // sessions whose tokens would still be accepted.
  const endSession = SqlSchema.void({
    Request: Ended,
    execute: (row) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        sql.withTransaction(
          Effect.zipRight(
            sql`DELETE FROM ended_sessions WHERE expires_at < ${new Date(now).toISOString()}`,
            sql`INSERT INTO ended_sessions ${sql.insert(row)} ON CONFLICT (token_digest) DO NOTHING`
          )
        ))
  })

  const sessionEnded = SqlSchema.findOne({
    Request: Schema.String,
    Result: Schema.Struct({ token_digest: Schema.String }),
    execute: (digest) => sql`SELECT token_digest FROM ended_sessions WHERE token_digest = ${digest}`
  })

  const updateSettings = SqlSchema.findAll({
    Request: Schema.Struct({ id: OrganizationId, settings: Schema.parseJson(OrganizationSettings) }),
    Result: Schema.Struct({ id: Schema.String }),
    execute: ({ id, settings }) => sql`UPDATE organizations SET settings = ${settings} WHERE id = ${id} RETURNING id`
  })

  const updateRedirectDomains = SqlSchema.findAll({
    Request: Schema.Struct({ id: OrganizationId, redirect_domains: OrganizationRow.fields.redirect_domains }),
    Result: Schema.Struct({ id: Schema.String }),
    execute: ({ id, redirect_domains }) =>
      sql`UPDATE organizations SET redirect_domains = ${redirect_domains} WHERE id = ${id} RETURNING id`
  })

  // SQLite says "UNIQUE constraint failed: index 'organizations_slug'", PostgreSQL "duplicate key value
  // violates unique constraint \"organizations_slug\"": both name the index.
  const slugTaken = (error: SqlError.SqlError) => String(error.cause).includes("organizations_slug")

  const count = SqlSchema.single({
    Request: Schema.Void,
    Result: Schema.Struct({ count: Schema.Int }),
    execute: () => sql`SELECT CAST(count(*) AS INTEGER) AS count FROM organizations`
  })

  return OrganizationsStore.of({
    insert: (organization, key) =>
      Effect.orDie(sql.withTransaction(Effect.zipRight(insertOrganization(organization), insertKey(key)))),
    findById: (id) => Effect.orDie(findById(id)),
    findKey: (key) => Effect.orDie(findKey(key)),
    count: Effect.orDie(Effect.map(count(undefined), (row) => row.count)),
    findBySlug: (slug) => Effect.orDie(findBySlug(slug)),
    updateSettings: (id, settings) =>
      updateSettings({ id, settings }).pipe(
        Effect.map((rows) => rows.length > 0),
        Effect.catchAll((error) =>
          error._tag === "SqlError" && slugTaken(error)
            ? Effect.fail(new SlugTaken({ slug: settings.slug ?? "" }))
            : Effect.die(error)
        )
      ),
    updateRedirectDomains: (id, redirect_domains) =>
      Effect.orDie(Effect.map(updateRedirectDomains({ id, redirect_domains }), (rows) => rows.length > 0)),
    insertKey: (key) => Effect.orDie(insertKey(key)),
    listKeys: (organization_id) => Effect.orDie(listKeys(organization_id)),
    revokeKey: (organization_id, key, at) =>
      Effect.orDie(Effect.map(revokeKey({ organization_id, key, at }), (rows) => rows.length > 0)),
    endSession: (token_digest, expires_at) => Effect.orDie(endSession({ token_digest, expires_at })),
    sessionEnded: (token_digest) => Effect.orDie(Effect.map(sessionEnded(token_digest), (row) => row._tag === "Some"))
  })
})

export const layer = Layer.effect(OrganizationsStore, make)
