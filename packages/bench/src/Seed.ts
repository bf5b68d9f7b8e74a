import { OpenStatuses, Statuses } from "@dsar/domain"
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

/** When the seeded request at `index` was created (and last updated): 10 s apart, before the template. */
export const seededTime = (template: RequestRow, index: number) =>
  Date.parse(template.created_at) - SPACING_MS - index * SPACING_MS

/** The status of the seeded request at `index`: every status in turn, so each holds a sixth of the rows. */
export const seededStatus = (index: number) => Statuses[index % Statuses.length]!

/** `text` cut around the tokens it holds: literal pieces, and after each but the last, a token's index. */
const cut = (text: string, tokens: ReadonlyArray<string>) => {
  const pattern = new RegExp(`(${tokens.map((token) => token.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`)
  const parts = text.split(pattern)
  return {
    literals: parts.filter((_, i) => i % 2 === 0),
    slots: parts.filter((_, i) => i % 2 === 1).map((token) => tokens.indexOf(token))
  }
}

const fill = (template: ReturnType<typeof cut>, values: ReadonlyArray<string>) => {
  let text = template.literals[0]!
  for (let i = 0; i < template.slots.length; i++) text += values[template.slots[i]!]! + template.literals[i + 1]!
  return text
}

const NESTED = ["metadata", "extra_message_variables", "source", "validation", "request_fields"] as const

/**
 * Row `index` of the seeded history: the template's row with its own ids, instants and status,
 * `index` 0 being the newest (just before the template). Nested JSON keeps the template's shape,
 * with the template's ids and instants replaced by the new row's, so every row decodes as the
 * server's own rows do.
 */
const rowMaker = (template: RequestRow) => {
  const fieldIds = (JSON.parse(template.request_fields) as ReadonlyArray<{ readonly id: string }>).map((field) =>
    field.id
  )
  const tokens = [
    template.id,
    template.source_id,
    template.validation_id ?? template.id,
    template.created_at,
    ...fieldIds
  ]
  const nested = NESTED.map((column) =>
    [column, typeof template[column] === "string" ? cut(template[column], tokens) : undefined] as const
  )
  return (index: number) => {
    const time = seededTime(template, index)
    const at = new Date(time).toISOString()
    const values = [
      makeId("req", time, index),
      makeId("src", time, index),
      makeId("val", time, index),
      at,
      ...fieldIds.map((_, field) => makeId(`rqf${field}`, time, index))
    ]
    const row: Record<string, string | number | null> = { ...template }
    for (const [column, text] of nested) row[column] = text === undefined ? null : fill(text, values)
    row.id = values[0]!
    row.source_id = values[1]!
    row.validation_id = template.validation_id === null ? null : values[2]!
    row.organization_user_id = `user-${index % 10_000}`
    row.status = seededStatus(index)
    row.created_at = at
    row.updated_at = at
    row.expires_at = new Date(time + EXPIRY_MS).toISOString()
    row.version = 1
    return row
  }
}

/** The ids of the seeded rows at `indexes` (the newest is 0). */
export const seededIds = (template: RequestRow, indexes: ReadonlyArray<number>) => {
  const make = rowMaker(template)
  return indexes.map((index) => make(index).id as string)
}

/**
 * Inserts rows `from` to `to - 1` of the seeded history into the `requests` table of a migrated
 * database, in one transaction through one prepared statement. No server may be running on the
 * file meanwhile. For speed, and for the seeding only: no journal and no syncs (a crash would just
 * mean seeding again), and the table's secondary indexes dropped during the inserts and then
 * created again from their own definitions, which sorts each once instead of updating it per row.
 */
export const seedRequests = (filename: string, template: RequestRow, from: number, to: number) => {
  const db = new Database(filename)
  try {
    db.pragma("journal_mode = OFF")
    db.pragma("synchronous = OFF")
    db.pragma("cache_size = -262144")
    const indexes = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'requests' AND sql IS NOT NULL")
      .all() as ReadonlyArray<{ readonly name: string; readonly sql: string }>
    const columns = Object.keys(template)
    const insert = db.prepare(
      `INSERT INTO requests (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`
    )
    const make = rowMaker(template)
    db.transaction(() => {
      for (const index of indexes) db.exec(`DROP INDEX ${index.name}`)
      for (let index = from; index < to; index++) insert.run(make(index))
      for (const index of indexes) db.exec(index.sql)
      // The open requests already past their deadline marked as announced (request.overdue), as a
      // server that had run on them would have left them: else the server measured would spend its
      // first minutes emitting hundreds of thousands of overdue events.
      const open = OpenStatuses.map(() => "?").join(", ")
      const now = new Date().toISOString()
      db.prepare(
        `INSERT INTO webhook_overdue (request_id, organization_id, emitted_at)
         SELECT id, organization_id, ? FROM requests WHERE erasure IS NULL AND expires_at < ? AND status IN (${open})
         ON CONFLICT (request_id) DO NOTHING`
      ).run(now, now, ...OpenStatuses)
    })()
    db.pragma("journal_mode = WAL")
  } finally {
    db.close()
  }
}
