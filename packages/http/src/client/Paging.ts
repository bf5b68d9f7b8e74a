import type { Request } from "@dsar/domain"
import { Chunk, Effect, Option, Stream } from "effect"
import { after } from "../Cursor.js"
import type { Condition, RequestQuery } from "../ports/RequestQuery.js"
import type { RequestPage } from "../ports/Stores.js"

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

/**
 * Every request a store query matches (its `skip` and `limit` aside), `pageSize` at a time, each
 * page after the last request of the one before (its keyset condition, Cursor.ts).
 */
export const everyStored = <E, R>(
  query: RequestQuery,
  pageSize: number,
  list: (query: RequestQuery) => Effect.Effect<RequestPage, E, R>
): Stream.Stream<Request, E, R> =>
  everyPage((position: Option.Option<Condition>) =>
    Effect.map(
      list({
        ...query,
        skip: 0,
        limit: pageSize,
        ...Option.match(position, {
          onNone: () => ({}),
          onSome: (next) => ({
            after: query.after === undefined ? next : { _tag: "And", conditions: [query.after, next] }
          })
        })
      }),
      ({ items }) => ({
        items,
        next: items.length < pageSize
          ? Option.none<Condition>()
          : Option.some(after(query.sort, items[items.length - 1]!))
      })
    )
  )
