import { Language, OrganizationId } from "@dsar/domain"
import { EmailTemplatesStore, StoredEmailTemplate } from "@dsar/http"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Layer, Schema } from "effect"

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  // One statement, so two saves of one template at once leave one of them, on either dialect.
  const put = SqlSchema.void({
    Request: StoredEmailTemplate,
    execute: (row) =>
      sql`INSERT INTO email_templates ${sql.insert(row)}
          ON CONFLICT (organization_id, type, language) DO UPDATE SET
            subject = excluded.subject, text = excluded.text, html = excluded.html, updated_at = excluded.updated_at`
  })

  const list = SqlSchema.findAll({
    Request: OrganizationId,
    Result: StoredEmailTemplate,
    execute: (id) => sql`SELECT * FROM email_templates WHERE organization_id = ${id} ORDER BY type, language`
  })

  const remove = SqlSchema.findAll({
    Request: Schema.Struct({ organization_id: OrganizationId, type: Schema.String, language: Language }),
    Result: Schema.Struct({ type: Schema.String }),
    execute: ({ language, organization_id, type }) =>
      sql`DELETE FROM email_templates
          WHERE organization_id = ${organization_id} AND type = ${type} AND language = ${language}
          RETURNING type`
  })

  return EmailTemplatesStore.of({
    list: (organization_id) => Effect.orDie(list(organization_id)),
    put: (template) => Effect.orDie(put(template)),
    remove: (organization_id, type, language) =>
      Effect.orDie(Effect.map(remove({ organization_id, type, language }), (rows) => rows.length > 0))
  })
})

export const layer = Layer.effect(EmailTemplatesStore, make)
