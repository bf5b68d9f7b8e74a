import { PgClient } from "@effect/sql-pg"
import { Duration, Redacted } from "effect"
import pg from "pg"

export interface PgOptions {
  /**
   * `postgres://user:password@host:port/database`, as in `DATABASE_URL`. Connection settings go in
   * its query, e.g. `?sslmode=require` or `?options=-c%20search_path%3Ddsar` for another schema.
   */
  readonly url: string | Redacted.Redacted<string>
  /** The most connections the pool opens (the driver's default: 10). */
  readonly maxConnections?: number
}

/** How long opening a connection may take, at start and whenever the pool opens another. */
const CONNECT_TIMEOUT = Duration.seconds(5)

/** Object ids of the built-in types the stores read differently from the driver's defaults. */
const TIMESTAMPTZ = 1184
const JSON_TYPE = 114

const parseTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ, "text")

/**
 * Rows read back as the same text SQLite stores, so both dialects share the row schemas: an
 * instant as ISO-8601 in UTC with milliseconds (`Date.toISOString`), JSON as its text. Every other
 * type keeps the driver's parser. Set on this client only, never on the driver's global registry.
 */
const getTypeParser = (oid: number, format?: "text" | "binary") => {
  if (format !== "binary" && oid === TIMESTAMPTZ) {
    return (value: string): unknown => {
      const instant: unknown = parseTimestamptz(value)
      return instant instanceof Date && !Number.isNaN(instant.getTime()) ? instant.toISOString() : value
    }
  }
  if (format !== "binary" && oid === JSON_TYPE) return (value: string): unknown => value
  return pg.types.getTypeParser(oid, format)
}

const types: pg.CustomTypesConfig = { getTypeParser: getTypeParser as pg.CustomTypesConfig["getTypeParser"] }

/**
 * An `SqlClient` (and `PgClient`): a pool of connections to the database of `url`, with the type
 * parsers the stores' rows need. Fails when no server answers within 5 seconds; closing it
 * ends the pool.
 */
export const layer = (options: PgOptions) =>
  PgClient.layer({
    url: typeof options.url === "string" ? Redacted.make(options.url) : options.url,
    maxConnections: options.maxConnections,
    connectTimeout: CONNECT_TIMEOUT,
    applicationName: "dsar",
    types
  })
