import type { OrganizationId } from "@dsar/domain"
import { HttpServerResponse } from "@effect/platform"
import { Chunk, Effect, Stream } from "effect"
import { toRequestQuery } from "../ListQuery.js"
import { requestsCsvHeader, requestsCsvRows } from "../RequestsCsv.js"
import { RequestsService } from "../services/Requests.js"
import { type ConsoleListing, everyListed } from "./RequestsListing.js"

/** The download's file name: the organisation's requests on the day it was made. */
export const csvFileName = (now: Date): string => `requests-${now.toISOString().slice(0, 10)}.csv`

/**
 * Every request of the listing (its `$skip` and `$limit` aside: the whole filter) as the CLI's CSV,
 * streamed page by page so memory stays flat, for the browser to save: `content-disposition:
 * attachment`, never cached (it holds personal data).
 */
export const csvDownload = (organization_id: OrganizationId, listing: ConsoleListing, now: Date) =>
  Effect.map(
    // A listing the API would refuse is refused before the download starts, not halfway through it.
    Effect.zipRight(
      Effect.flatMap(RequestsService, (requests) => requests.sortable(toRequestQuery(organization_id, listing.query))),
      everyListed(organization_id, { ...listing, query: { ...listing.query, skip: 0 } })
    ),
    (requests) => {
      const text = Stream.concat(
        Stream.make(requestsCsvHeader),
        Stream.mapChunks(requests, (page) => Chunk.of(requestsCsvRows(Chunk.toReadonlyArray(page))))
      )
      return HttpServerResponse.stream(Stream.encodeText(text), {
        contentType: "text/csv; charset=utf-8",
        headers: {
          "content-disposition": `attachment; filename="${csvFileName(now)}"`,
          "cache-control": "no-store",
          "x-content-type-options": "nosniff"
        }
      })
    }
  )
