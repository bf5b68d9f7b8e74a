import { EmailTemplatesStore, StoredEmailTemplate } from "@dsar/http"
import { Effect, Either, HashMap, Layer } from "effect"
import { references } from "./Constraints.js"
import { MemoryDatabase } from "./MemoryDatabase.js"
import { stored } from "./Stored.js"

const storedTemplate = stored(StoredEmailTemplate)

/** The primary key of `email_templates`, as one string. */
const keyOf = (organization_id: string, type: string, language: string) =>
  JSON.stringify([organization_id, type, language])

const byTypeThenLanguage = (a: StoredEmailTemplate, b: StoredEmailTemplate) =>
  a.type === b.type ? (a.language < b.language ? -1 : 1) : a.type < b.type ? -1 : 1

export const layer = Layer.effect(
  EmailTemplatesStore,
  Effect.map(MemoryDatabase, (db) => ({
    list: (organization_id) =>
      db.read((state) =>
        Array.from(HashMap.values(state.emailTemplates))
          .filter((template) => template.organization_id === organization_id)
          .sort(byTypeThenLanguage)
      ),
    put: (template) =>
      Effect.flatMap(storedTemplate(template), (row) =>
        db.write((state) =>
          Either.gen(function*() {
            yield* references("email_templates.organization_id", HashMap.has(state.organizations, row.organization_id))
            const key = keyOf(row.organization_id, row.type, row.language)
            return [undefined, { ...state, emailTemplates: HashMap.set(state.emailTemplates, key, row) }] as const
          })
        )),
    remove: (organization_id, type, language) =>
      db.write((state) => {
        const key = keyOf(organization_id, type, language)
        if (!HashMap.has(state.emailTemplates, key)) return Either.right([false, state] as const)
        return Either.right([true, { ...state, emailTemplates: HashMap.remove(state.emailTemplates, key) }] as const)
      })
  }))
)
