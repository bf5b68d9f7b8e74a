import { recipientOf, type Request } from "@dsar/domain"
import { stringify } from "csv-stringify/sync"

/**
 * A request as one flat CSV row: what a spreadsheet needs, nested objects as JSON text. Never the
 * approval link: its URL carries a live token, and a CSV travels further than the database. The one
 * CSV of requests, for `dsar requests export` and the console's download alike.
 */
const CsvColumns: ReadonlyArray<readonly [string, (request: Request) => string]> = [
  ["id", (request) => request.id],
  ["status", (request) => request.status],
  ["user_right_id", (request) => request.user_right_id],
  ["regulation_id", (request) => request.regulation_id],
  ["organization_user_id", (request) => request.organization_user_id],
  ["email", (request) => recipientOf(request) ?? ""],
  ["created_at", (request) => request.created_at.toISOString()],
  ["updated_at", (request) => request.updated_at.toISOString()],
  ["expires_at", (request) => request.expires_at.toISOString()],
  ["source_country", (request) => request.source.country ?? ""],
  ["metadata", (request) => JSON.stringify(request.metadata)],
  ["extra_message_variables", (request) => JSON.stringify(request.extra_message_variables)]
]

// Quoting as RFC 4180 has it; a cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`
// first) is prefixed with `'`, since requesters choose what some cells hold.
const csv = (rows: ReadonlyArray<ReadonlyArray<string>>) =>
  stringify(rows.map((row) => [...row]), { escape_formulas: true })

/** The CSV's header line. */
export const requestsCsvHeader: string = csv([CsvColumns.map(([name]) => name)])

/** The CSV lines of `requests`, one each, in order. */
export const requestsCsvRows = (requests: ReadonlyArray<Request>): string =>
  csv(requests.map((request) => CsvColumns.map(([, cell]) => cell(request))))
