import { HttpApi } from "@effect/platform"
import { DsarApi } from "./Api.js"
import { ConsoleRoutes } from "./console/ConsoleRoutes.js"
import { LinkPagesPrefix } from "./LinkUrl.js"
import { PrivacyFormPrefix, PrivacyFormRoot } from "./privacy/FormPath.js"

/** Where the OpenAPI document and its interactive reference are served. */
export const OpenApiPath = "/openapi.json"
export const DocsPath = "/docs"

interface Route {
  readonly method: string
  /** Segments as the router reads them: `:name` matches one segment, a final `*` the rest. */
  readonly path: string
}

const contractRoutes = (): ReadonlyArray<Route> => {
  const routes: Array<Route> = []
  HttpApi.reflect(DsarApi, {
    onGroup: () => {},
    onEndpoint: ({ endpoint }) => routes.push({ method: endpoint.method, path: endpoint.path })
  })
  return routes
}

// Every route the server mounts: the contract's, the document's, the public link pages, the
// requesters' form and the console's.
const routes: ReadonlyArray<Route> = [
  ...contractRoutes(),
  { method: "GET", path: OpenApiPath },
  { method: "GET", path: DocsPath },
  { method: "GET", path: `${LinkPagesPrefix}*` },
  { method: "POST", path: `${LinkPagesPrefix}*` },
  { method: "GET", path: PrivacyFormRoot },
  { method: "GET", path: `${PrivacyFormPrefix}*` },
  { method: "POST", path: `${PrivacyFormPrefix}*` },
  ...ConsoleRoutes.map(([method, path]) => ({ method, path }))
]

const matches = (pattern: string, pathname: string): boolean => {
  if (pattern.endsWith("*")) return pathname.startsWith(pattern.slice(0, -1))
  const wanted = pattern.split("/")
  const given = pathname.split("/")
  return wanted.length === given.length &&
    wanted.every((segment, i) => segment.startsWith(":") ? given[i] !== "" : segment === given[i])
}

/** The methods some route takes at this path, in a stable order; none for a path no route has. */
export const allowedMethods = (pathname: string): ReadonlyArray<string> =>
  [...new Set(routes.filter((route) => matches(route.path, pathname)).map((route) => route.method))].sort()
