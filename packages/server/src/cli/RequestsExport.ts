import { Request } from "@dsar/domain"
import { stringify } from "csv-stringify/sync"
import { Chunk, Schema, Stream } from "effect"
import { emailOf } from "./Output.js"

export const ExportFormats = ["csv", "jsonl"] as const
export type ExportFormat = (typeof ExportFormats)[number]

/**
 * A request as one flat CSV row: what a spreadsheet needs, nested objects as JSON text. Never the
 * approval link: its URL carries a live token, and a CSV travels further than the database.
 */
const CsvColumns: ReadonlyArray<readonly [string, (request: Request) => string]> = [
  ["id", (request) => request.id],
  ["status", (request) => request.status],
  ["user_right_id", (request) => request.user_right_id],
  ["regulation_id", (request) => request.regulation_id],
  ["organization_user_id", (request) => request.organization_user_id],
  ["email", emailOf],
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

const encodeRequest = Schema.encodeSync(Request)

const withoutLink = (request: Request): Request =>
  request.validation === null ? request : { ...request, validation: { ...request.validation, approve_url: null } }

const formats: Record<
  ExportFormat,
  { readonly header: string; readonly rows: (requests: Chunk.Chunk<Request>) => string }
> = {
  csv: {
    header: csv([CsvColumns.map(([name]) => name)]),
    rows: (requests) =>
      csv(Chunk.toReadonlyArray(requests).map((request) => CsvColumns.map(([, cell]) => cell(request))))
  },
  jsonl: {
    header: "",
    rows: (requests) =>
      Chunk.toReadonlyArray(requests).map((request) => `${JSON.stringify(encodeRequest(withoutLink(request)))}\n`).join(
        ""
      )
  }
}

/** The export's text, one piece per chunk of requests (a page), the CSV header first. */
export const exportText = <E, R>(
  format: ExportFormat,
  requests: Stream.Stream<Request, E, R>
): Stream.Stream<string, E, R> =>
  Stream.concat(
    Stream.make(formats[format].header),
    Stream.mapChunks(requests, (chunk) => Chunk.of(formats[format].rows(chunk)))
  ).pipe(
    Stream.filter((text) => text.length > 0)
  )
