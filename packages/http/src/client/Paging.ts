import type { Request } from "@dsar/domain"
import { Chunk, Effect, Option, Stream } from "effect"

/** A page of a walk through a listing, and where the next one starts, if one may follow. */
export interface WalkedPage<C> {
  readonly items: ReadonlyArray<Request>
  readonly next: Option.Option<C>
}

/**
 * Every request the pages of a listing hold, read one page at a time, each from the cursor the one
 * before gave (the first from none), until a page gives none; only the page being read is held in
 * memory, and each page costs the same however deep it is (decision 0025).
 */
export const everyPage = <C, E, R>(
  page: (cursor: Option.Option<C>) => Effect.Effect<WalkedPage<C>, E, R>
): Stream.Stream<Request, E, R> =>
  Stream.paginateChunkEffect(
    Option.none<C>(),
    (cursor) =>
      Effect.map(page(cursor), ({ items, next }) => [Chunk.fromIterable(items), Option.map(next, Option.some)] as const)
  )
