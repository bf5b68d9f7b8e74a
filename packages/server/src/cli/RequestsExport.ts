import { Request } from "@dsar/domain"
import { requestsCsvHeader, requestsCsvRows } from "@dsar/http"
import { Chunk, Schema, Stream } from "effect"

export const ExportFormats = ["csv", "jsonl"] as const
export type ExportFormat = (typeof ExportFormats)[number]

const encodeRequest = Schema.encodeSync(Request)

const withoutLink = (request: Request): Request =>
  request.validation === null ? request : { ...request, validation: { ...request.validation, approve_url: null } }

const formats: Record<
  ExportFormat,
  { readonly header: string; readonly rows: (requests: Chunk.Chunk<Request>) => string }
> = {
  csv: {
    header: requestsCsvHeader,
    rows: (requests) => requestsCsvRows(Chunk.toReadonlyArray(requests))
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
