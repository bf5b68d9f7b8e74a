import { HttpApiBuilder, HttpApiScalar, OpenApi } from "@effect/platform"
import { Layer } from "effect"
import { DsarApi } from "./Api.js"
import { ErrorShapeLive } from "./ErrorShape.js"
import { HealthLive, LinksLive, NotesLive, RequestsLive, SessionsLive, UserRightsLive } from "./Handlers.js"
import { LinksService } from "./services/Links.js"
import { NotesService } from "./services/Notes.js"
import { OrganizationsService } from "./services/Organizations.js"
import { RequestsService } from "./services/Requests.js"
import { AuthenticationLive, SessionsService } from "./services/Sessions.js"

/** The services, wired to each other; they still need the ports and `Settings`. */
export const ServicesLive = Layer.mergeAll(LinksService.Default, NotesService.Default).pipe(
  Layer.provideMerge(RequestsService.Default),
  Layer.provideMerge(OrganizationsService.Default),
  Layer.provideMerge(Layer.merge(SessionsService.Default, AuthenticationLive).pipe(Layer.provideMerge(SessionsService.Default)))
)

// The platform documents its own decode error on every route; ours replace it (see ErrorShape).
const withoutPlatformDecodeError = (spec: Record<string, any>) => {
  const text = JSON.stringify(spec)
  const cleaned = JSON.parse(text, (key, value) => {
    if (value && typeof value === "object" && Array.isArray(value.anyOf)) {
      const anyOf = value.anyOf.filter((s: { $ref?: string }) => s.$ref !== "#/components/schemas/HttpApiDecodeError")
      if (anyOf.length === 1) {
        const { anyOf: _, ...rest } = value
        return { ...rest, ...anyOf[0] }
      }
      return { ...value, anyOf }
    }
    return key === "HttpApiDecodeError" ? undefined : value
  })
  return cleaned
}

const DocumentedApi = DsarApi.annotate(OpenApi.Transform, withoutPlatformDecodeError)

/**
 * The API as a layer: routes, authentication, error shape, `/openapi.json` and the interactive
 * reference at `/docs`. Serve it with `HttpApiBuilder.serve()` over an `HttpServer`.
 */
export const ApiLive = Layer.mergeAll(
  HttpApiBuilder.middlewareOpenApi({ path: "/openapi.json" }),
  HttpApiScalar.layer({ path: "/docs" }),
  ErrorShapeLive
).pipe(
  Layer.provideMerge(HttpApiBuilder.api(DocumentedApi)),
  Layer.provide([SessionsLive, RequestsLive, NotesLive, LinksLive, UserRightsLive, HealthLive]),
  Layer.provide(ServicesLive)
)
