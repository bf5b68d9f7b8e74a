import type { Request } from "@dsar/domain"
import { Chunk, Effect, Option, Stream } from "effect"
import type { RequestPage } from "../ports/Stores.js"

/**
 * Every request the pages of a listing hold, read one page at a time from `$skip` 0 until a page
 * comes back short or the total is reached; only the page being read is held in memory.
 */
export const everyPage = <E, R>(
  pageSize: number,
  page: (skip: number) => Effect.Effect<RequestPage, E, R>
): Stream.Stream<Request, E, R> =>
  Stream.paginateChunkEffect(0, (skip) =>
    Effect.map(page(skip), ({ items, total }) => {
      const next = skip + items.length
      return [
        Chunk.fromIterable(items),
        items.length === pageSize && next < total ? Option.some(next) : Option.none<number>()
      ] as const
    }))
