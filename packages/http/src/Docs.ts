import { HttpApi, HttpApiBuilder, HttpLayerRouter } from "@effect/platform"
import type { ScalarConfig } from "@effect/platform/HttpApiScalar"
import { Effect } from "effect"

/**
 * The interactive reference at `path`, the page `HttpApiScalar.layer` serves, with Scalar's script
 * (megabytes of text) imported on the first request for it rather than at start: a server never
 * asked for its docs never holds it. The server's bundle keeps that import in a chunk of its own.
 */
export const lazyDocsLayer = (options: { readonly path: `/${string}`; readonly scalar?: ScalarConfig }) =>
  HttpApiBuilder.Router.use((router) =>
    Effect.gen(function*() {
      const { api } = yield* HttpApi.Api
      const page = yield* Effect.cached(
        Effect.promise(() => import("@effect/platform/HttpApiScalar")).pipe(
          Effect.flatMap((Scalar) => HttpLayerRouter.toHttpEffect(Scalar.layerHttpLayerRouter({ api, ...options }))),
          Effect.scoped
        )
      )
      yield* router.get(options.path, Effect.flatten(page))
    })
  )
