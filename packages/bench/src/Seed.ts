import { Statuses } from "@dsar/domain"
import Database from "better-sqlite3"

/** A `requests` row as the server stored it: the model every seeded row is made from. */
export type RequestRow = Readonly<Record<string, string | number | null>> & {
  readonly id: string
  readonly organization_id: string
  readonly source_id: string
  readonly validation_id: string | null
  readonly created_at: string
  readonly request_fields: string
}

const SPACING_MS = 10_000
const EXPIRY_MS = 45 * 24 * 60 * 60 * 1000

export const readRequestRow = (filename: string, id: string): RequestRow => {
  const db = new Database(filename, { readonly: true })
  try {
    const row = db.prepare("SELECT * FROM requests WHERE id = ?").get(id) as RequestRow | undefined
    if (row === undefined) throw new Error(`request ${id} is not in ${filename}`)
    return row
  } finally {
    db.close()
  }
}

// Ids shaped like the server's (a prefix, then 26 characters that sort by creation time).
const makeId = (prefix: string, time: number, index: number) =>
  `${prefix}_${time.toString(32).padStart(10, "0")}${index.toString(32).padStart(16, "0")}`

/** The status of the seeded request at `index`: every status in turn, so each holds a sixth of the rows. */
export const seededStatus = (index: number) => Statuses[index % Statuses.length]!

/**
 * Row `index` of the seeded history: the template's row with its own ids, instants and status,
 * `index` 0 being the newest (just before the template). Nested JSON keeps the template's shape,
 * with the template's ids and instants replaced by the new row's, so every row decodes as the
 * server's own rows do.
 */
const rowMaker = (template: RequestRow) => {
  const end = Date.parse(template.created_at) - SPACING_MS
  const fieldIds = (JSON.parse(template.request_fields) as ReadonlyArray<{ readonly id: string }>).map((field) => field.id)
  const tokens = [template.id, template.source_id, template.validation_id ?? template.id, template.created_at, ...fieldIds]
  const pattern = new RegExp(tokens.map((token) => token.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g")
  const nested = ["metadata", "extra_message_variables", "source", "validation", "request_fields"] as const
  return (index: number) => {
    const time = end - index * SPACING_MS
    const at = new Date(time).toISOString()
    const replacements = new Map<string, string>([
      [template.id, makeId("req", time, index)],
      [template.source_id, makeId("src", time, index)],
      [template.validation_id ?? template.id, makeId("val", time, index)],
      [template.created_at, at],
      ...fieldIds.map((id, field) => [id, makeId(`rqf${field}`, time, index)] as const)
    ])
    const rewrite = (text: string | number | null | undefined) =>
      typeof text === "string" ? text.replace(pattern, (token) => replacements.get(token)!) : (text ?? null)
    return {
      ...template,
      ...Object.fromEntries(nested.map((column) => [column, rewrite(template[column])])),
      id: replacements.get(template.id)!,
      source_id: replacements.get(template.source_id)!,
      validation_id: template.validation_id === null ? null : replacements.get(template.validation_id)!,
      organization_user_id: `user-${index % 10_000}`,
      status: seededStatus(index),
      created_at: at,
      updated_at: at,
      expires_at: new Date(time + EXPIRY_MS).toISOString(),
      version: 1
    }
  }
}

/** The ids of the seeded rows at `indexes` (the newest is 0). */
export const seededIds = (template: RequestRow, indexes: ReadonlyArray<number>) => {
  const make = rowMaker(template)
  return indexes.map((index) => make(index).id)
}

/**
 * Inserts rows `from` to `to - 1` of the seeded history into the `requests` table of a migrated
 * database, in one transaction through one prepared statement. No server may be running on the
 * file meanwhile; durability is off for the seeding only (a crash would just mean seeding again).
 */
export const seedRequests = (filename: string, template: RequestRow, from: number, to: number) => {
  const db = new Database(filename)
  try {
    db.pragma("synchronous = OFF")
    db.pragma("cache_size = -262144")
    const columns = Object.keys(template)
    const insert = db.prepare(`INSERT INTO requests (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`)
    const make = rowMaker(template)
    db.transaction(() => {
      for (let index = from; index < to; index++) insert.run(make(index))
    })()
    db.pragma("wal_checkpoint(TRUNCATE)")
  } finally {
    db.close()
  }
}
